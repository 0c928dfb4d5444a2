package io.kiemp4drop.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A checked video waiting in the spool to be handed to the sinks that do not hold it yet.
 *
 * @param sidecar      the JSON document that goes beside the video in every sink
 * @param pendingSinks the configured sinks still to be served, in order
 */
public record Publication(String taskId, Path video, long bytes, String sha256, Map<String, Object> sidecar,
        List<String> pendingSinks) {

    public boolean needs(String sink) {
        return pendingSinks.contains(sink);
    }
}
