package io.kiemp4drop.model;

import java.nio.file.Path;

/** A downloaded MP4 that passed every check, waiting in the spool folder to be published. */
public record SpooledVideo(String taskId, Path file, long bytes, String sha256) {
}
