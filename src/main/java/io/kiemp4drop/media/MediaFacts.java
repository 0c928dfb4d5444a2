package io.kiemp4drop.media;

/**
 * What an asset manager asks of a video, read from its {@code moov}: duration, the first video track's size (from its
 * track header), the first video and audio sample entries' four-character codes (null when absent), the bitrate
 * over the whole file, whether {@code moov} comes before {@code mdat} (faststart) and the number of tracks.
 */
public record MediaFacts(double durationSeconds, Integer width, Integer height, String videoCodec, String audioCodec,
        long bitrate, boolean faststart, int tracks) {

    /** The codecs as one comma-separated value ("avc1,mp4a"), for object metadata. */
    public String codecs() {
        if (videoCodec != null && audioCodec != null) {
            return videoCodec + "," + audioCodec;
        }
        return videoCodec != null ? videoCodec : audioCodec == null ? "" : audioCodec;
    }
}
