package io.kiemp4drop.model;

import io.kiemp4drop.media.MediaFacts;
import java.nio.file.Path;

/**
 * A downloaded MP4 that passed every check, waiting in the spool folder to be published; its media facts once the
 * structure check has read them (null before).
 */
public record SpooledVideo(String taskId, Path file, long bytes, String sha256, MediaFacts media) {

    public SpooledVideo(String taskId, Path file, long bytes, String sha256) {
        this(taskId, file, bytes, sha256, null);
    }

    public SpooledVideo withMedia(MediaFacts facts) {
        return new SpooledVideo(taskId, file, bytes, sha256, facts);
    }
}
