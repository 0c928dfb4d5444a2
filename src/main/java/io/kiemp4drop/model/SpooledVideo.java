package io.kiemp4drop.model;

import io.kiemp4drop.media.MediaFacts;
import java.nio.file.Path;

/**
 * A downloaded MP4 that passed every check, waiting in the spool folder to be published; its media facts once the
 * structure check has read them, its poster frame beside it when one was made, and the size and SHA-256 of the file
 * kie.ai served when the video was remuxed (bytes and sha256 are always the file to deliver).
 */
public record SpooledVideo(String taskId, Path file, long bytes, String sha256, MediaFacts media, Path poster,
        Long sourceBytes, String sourceSha256) {

    public SpooledVideo(String taskId, Path file, long bytes, String sha256) {
        this(taskId, file, bytes, sha256, null, null, null, null);
    }

    public SpooledVideo withMedia(MediaFacts facts) {
        return new SpooledVideo(taskId, file, bytes, sha256, facts, poster, sourceBytes, sourceSha256);
    }

    public SpooledVideo withPoster(Path posterFile) {
        return new SpooledVideo(taskId, file, bytes, sha256, media, posterFile, sourceBytes, sourceSha256);
    }

    /** The same spool file, now remuxed: its new size, checksum and facts; the served file's kept as the source. */
    public SpooledVideo remuxed(long newBytes, String newSha256, MediaFacts facts) {
        return new SpooledVideo(taskId, file, newBytes, newSha256, facts, poster, bytes, sha256);
    }
}
