package io.kiemp4drop.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** Spool files are named {taskId}.{writer}.mp4 and {taskId}.{writer}.mp4.part; these find them by task. */
public final class Spool {

    private Spool() {
    }

    /** True when the spool folder holds a checked video of the task. */
    public static boolean hasVideo(Path spool, String taskId) {
        return size(spool, taskId, ".mp4") >= 0;
    }

    /** Size of the task's partial download, or -1 when there is none. */
    public static long partSize(Path spool, String taskId) {
        return size(spool, taskId, ".mp4.part");
    }

    private static long size(Path spool, String taskId, String suffix) {
        try (var files = Files.list(spool)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith(taskId + ".") && name.endsWith(suffix)
                        && !(suffix.equals(".mp4") && name.endsWith(".part"))) {
                    return Files.size(file);
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }
}
