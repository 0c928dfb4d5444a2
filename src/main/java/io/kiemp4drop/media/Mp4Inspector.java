package io.kiemp4drop.media;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Checks that an MP4 file is structurally whole and reads its {@link MediaFacts}, by random access: the top-level
 * boxes must run from the first byte to the last ({@code ftyp} first, {@code moov} and {@code mdat} present) and
 * {@code moov} must hold a video or audio track. Written by hand rather than with an MP4 library because those parse
 * every box of {@code moov}, sample tables included, into the heap: this walk reads box headers and four small fields
 * (the movie's duration in {@code mvhd}, each track's size in {@code tkhd}, handler in {@code hdlr} and first sample
 * entry in {@code stsd}), a few hundred bytes whatever the video's length, and never touches {@code mdat}'s content.
 */
public final class Mp4Inspector {

    /** More boxes than any real MP4 has (fragmented ones included) at one level: a bound on the work for junk. */
    static final int MAX_BOXES = 100_000;

    private static final int HEADER = 8;
    private static final int LARGE_HEADER = 16;

    private Mp4Inspector() {
    }

    /** @throws BrokenMp4Exception naming the box and offset that is wrong */
    public static MediaFacts inspect(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return new Walk(channel).topLevel();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.getFileName() + " to check its MP4 structure", e);
        }
    }

    private record Box(String type, long offset, long size, int headerSize, boolean toEnd) {

        long bodyStart() {
            return offset + headerSize;
        }

        long end() {
            return offset + size;
        }

        String at() {
            return "'" + type + "' at offset " + offset;
        }
    }

    private static final class Track {
        String handler;
        Integer width;
        Integer height;
        String sampleEntry;
    }

    private static final class Walk {

        private final FileChannel channel;
        private final long length;
        private int boxesInMoov;

        Walk(FileChannel channel) throws IOException {
            this.channel = channel;
            this.length = channel.size();
        }

        MediaFacts topLevel() throws IOException {
            long position = 0;
            int count = 0;
            Box moov = null;
            Long firstMdat = null;
            String toEnd = "";
            while (position < length) {
                if (++count > MAX_BOXES) {
                    throw new BrokenMp4Exception("more than " + MAX_BOXES + " top-level boxes (stopped at offset " + position + ")");
                }
                if (length - position < HEADER) {
                    throw new BrokenMp4Exception((length - position) + " bytes after the last box, at offset " + position
                            + ": too few for a box header");
                }
                Box box = header(position, length, null);
                if (count == 1 && !box.type().equals("ftyp")) {
                    throw new BrokenMp4Exception("the first box is " + box.at() + ", not 'ftyp'");
                }
                if (box.type().equals("moov")) {
                    if (moov != null) {
                        throw new BrokenMp4Exception("a second 'moov' box at offset " + box.offset() + " (the first is at offset "
                                + moov.offset() + ")");
                    }
                    moov = box;
                } else if (box.type().equals("mdat") && firstMdat == null) {
                    firstMdat = box.offset();
                }
                if (box.toEnd()) {
                    toEnd = "; " + box.at() + " declares size 0, so it runs to the end of the file";
                }
                position = box.end();
            }
            if (length == 0) {
                throw new BrokenMp4Exception("the file is empty");
            }
            if (moov == null) {
                throw new BrokenMp4Exception("no 'moov' box (the movie's description) in " + count + " top-level boxes" + toEnd);
            }
            if (firstMdat == null) {
                throw new BrokenMp4Exception("no 'mdat' box (the media data) in " + count + " top-level boxes" + toEnd);
            }
            return movie(moov, moov.offset() < firstMdat);
        }

        private MediaFacts movie(Box moov, boolean faststart) throws IOException {
            double duration = -1;
            int tracks = 0;
            Track video = null;
            Track audio = null;
            for (long at = moov.bodyStart(); at < moov.end(); ) {
                Box child = header(at, moov.end(), moov);
                if (child.type().equals("mvhd")) {
                    duration = movieDuration(child);
                } else if (child.type().equals("trak")) {
                    tracks++;
                    Track track = track(child);
                    if ("vide".equals(track.handler) && video == null) {
                        video = track;
                    } else if ("soun".equals(track.handler) && audio == null) {
                        audio = track;
                    }
                }
                at = child.end();
            }
            if (duration < 0) {
                throw new BrokenMp4Exception(moov.at() + " has no 'mvhd' (movie header)");
            }
            if (video == null && audio == null) {
                throw new BrokenMp4Exception(moov.at() + " holds no video or audio track (" + tracks + " tracks)");
            }
            long bitrate = duration > 0 ? Math.round(length * 8 / duration) : 0;
            return new MediaFacts(Math.round(duration * 1000) / 1000.0, video == null ? null : video.width,
                    video == null ? null : video.height, video == null ? null : video.sampleEntry,
                    audio == null ? null : audio.sampleEntry, bitrate, faststart, tracks);
        }

        private Track track(Box trak) throws IOException {
            Track track = new Track();
            for (long at = trak.bodyStart(); at < trak.end(); ) {
                Box child = header(at, trak.end(), trak);
                if (child.type().equals("tkhd")) {
                    trackSize(child, track);
                } else if (child.type().equals("mdia")) {
                    media(child, track);
                }
                at = child.end();
            }
            return track;
        }

        private void media(Box mdia, Track track) throws IOException {
            for (long at = mdia.bodyStart(); at < mdia.end(); ) {
                Box child = header(at, mdia.end(), mdia);
                if (child.type().equals("hdlr")) {
                    // version and flags, pre_defined, then handler_type
                    track.handler = FourCc.text(read(child, 8, 4));
                } else if (child.type().equals("minf")) {
                    Box stbl = find(child, "stbl");
                    Box stsd = stbl == null ? null : find(stbl, "stsd");
                    if (stsd != null) {
                        // version and flags, entry_count, then the first sample entry's size and type
                        ByteBuffer entry = read(stsd, 0, 16);
                        if (entry.getInt(4) > 0) {
                            track.sampleEntry = FourCc.text(entry.slice(12, 4));
                        }
                    }
                }
                at = child.end();
            }
        }

        private Box find(Box parent, String type) throws IOException {
            for (long at = parent.bodyStart(); at < parent.end(); ) {
                Box child = header(at, parent.end(), parent);
                if (child.type().equals(type)) {
                    return child;
                }
                at = child.end();
            }
            return null;
        }

        private double movieDuration(Box mvhd) throws IOException {
            int version = read(mvhd, 0, 1).get(0);
            // version 1: creation and modification times, timescale, duration as 64-bit; version 0: 32-bit
            ByteBuffer times = version == 1 ? read(mvhd, 20, 12) : read(mvhd, 12, 8);
            long timescale = Integer.toUnsignedLong(times.getInt(0));
            long duration = version == 1 ? times.getLong(4) : Integer.toUnsignedLong(times.getInt(4));
            if (timescale == 0) {
                throw new BrokenMp4Exception(mvhd.at() + " has a timescale of 0");
            }
            // all ones: duration unknown (a fragmented file)
            boolean unknown = version == 1 ? duration == -1 : duration == 0xFFFFFFFFL;
            return unknown || duration < 0 ? 0 : (double) duration / timescale;
        }

        private void trackSize(Box tkhd, Track track) throws IOException {
            int version = read(tkhd, 0, 1).get(0);
            // after version/flags, the times, track ID and duration (32 or 64-bit), reserved, layer, group,
            // volume, matrix: width and height, 16.16 fixed point
            int offset = version == 1 ? 88 : 76;
            ByteBuffer size = read(tkhd, offset, 8);
            track.width = size.getInt(0) >>> 16;
            track.height = size.getInt(4) >>> 16;
        }

        /** The header of the box at {@code offset}, which must end by {@code limit} (its parent's end, or the file's). */
        private Box header(long offset, long limit, Box parent) throws IOException {
            String where = parent == null ? "the end of the file (" + length + " bytes)" : "the end of its parent " + parent.at();
            if (parent != null && ++boxesInMoov > MAX_BOXES) {
                throw new BrokenMp4Exception("more than " + MAX_BOXES + " boxes inside 'moov' (stopped at offset " + offset + ")");
            }
            if (limit - offset < HEADER) {
                throw new BrokenMp4Exception((limit - offset) + " bytes at offset " + offset + " before " + where
                        + ": too few for a box header");
            }
            ByteBuffer head = readAt(offset, HEADER);
            long size = Integer.toUnsignedLong(head.getInt(0));
            String type = FourCc.text(head.slice(4, 4));
            if (parent == null && !FourCc.printable(head.slice(4, 4))) {
                throw new BrokenMp4Exception("no box at offset " + offset + ": its type bytes " + type + " are not a box type");
            }
            int headerSize = HEADER;
            boolean toEnd = false;
            if (size == 1) {
                if (limit - offset < LARGE_HEADER) {
                    throw new BrokenMp4Exception("box '" + type + "' at offset " + offset + " has a 64-bit size cut off by " + where);
                }
                size = readAt(offset + HEADER, 8).getLong(0);
                headerSize = LARGE_HEADER;
                if (size < LARGE_HEADER) {
                    throw new BrokenMp4Exception("box '" + type + "' at offset " + offset + " declares a 64-bit size of "
                            + Long.toUnsignedString(size) + ", smaller than its header");
                }
            } else if (size == 0) {
                // runs to the end of the file (only the last top-level box may say so)
                size = (parent == null ? length : limit) - offset;
                toEnd = true;
            } else if (size < HEADER) {
                throw new BrokenMp4Exception("box '" + type + "' at offset " + offset + " declares a size of " + size
                        + ", smaller than its header");
            }
            if (size > limit - offset) {
                throw new BrokenMp4Exception("box '" + type + "' at offset " + offset + " declares " + size
                        + " bytes, running past " + where);
            }
            return new Box(type, offset, size, headerSize, toEnd);
        }

        /** {@code count} bytes of a box's body from {@code from}; the box must hold them. */
        private ByteBuffer read(Box box, int from, int count) throws IOException {
            if (box.bodyStart() + from + count > box.end()) {
                throw new BrokenMp4Exception(box.at() + " is too short (" + box.size() + " bytes) for its fields");
            }
            return readAt(box.bodyStart() + from, count);
        }

        private ByteBuffer readAt(long position, int count) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(count);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, position + buffer.position()) < 0) {
                    throw new EOFException("end of file at offset " + (position + buffer.position()));
                }
            }
            return buffer.flip();
        }
    }
}
