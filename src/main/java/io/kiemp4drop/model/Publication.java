package io.kiemp4drop.model;

import io.kiemp4drop.media.MediaFacts;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A checked video waiting in the spool to be handed to the sinks that do not hold it yet.
 *
 * @param objectName   the relative name of its objects in every sink, without extension (kie.object-name)
 * @param sidecar      the JSON document that goes beside the video in every sink
 * @param media        what the structure check read from the video (null for one spooled before it existed)
 * @param poster       its poster frame in the spool, or null
 * @param pendingSinks the configured sinks still to be served, in order
 */
public record Publication(String taskId, String objectName, Path video, long bytes, String sha256, MediaFacts media,
        Path poster, Map<String, Object> sidecar, List<String> pendingSinks) {

    /** The poster's object name beside a video's (not an overload of posterName: Simple would pick either). */
    public static String posterNameFor(String objectName) {
        return objectName + ".jpg";
    }

    public File posterFile() {
        return poster == null ? null : poster.toFile();
    }

    public String posterName() {
        return posterNameFor(objectName);
    }

    public File videoFile() {
        return video.toFile();
    }

    public String videoName() {
        return objectName + ".mp4";
    }

    public String sidecarName() {
        return objectName + ".json";
    }
}
