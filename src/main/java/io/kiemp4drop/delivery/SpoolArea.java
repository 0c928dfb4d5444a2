package io.kiemp4drop.delivery;

import io.kiemp4drop.files.LocalStorageException;
import io.kiemp4drop.validation.LogSafe;
import io.kiemp4drop.validation.TaskIds;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where downloads land before the sinks get them: {@code {taskId}.mp4.part} while a download runs,
 * {@code {taskId}.mp4} once it passed every check. A checked video stays here until every configured
 * sink holds it, so a failing sink is retried without downloading again, across restarts too.
 */
public class SpoolArea {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolArea.class);

    /** A partial download no replica touched for this long is abandoned. */
    private static final java.time.Duration ABANDONED = java.time.Duration.ofHours(1);

    private final Path dir;
    private final String writer;
    private final boolean exclusive;

    /**
     * @param writer    names this process's partial files, so replicas sharing the folder never write the same one
     * @param exclusive the folder belongs to this process alone (embedded store): all partial files at start are stale
     */
    public SpoolArea(Path dir, String writer, boolean exclusive) {
        this.dir = dir;
        this.writer = writer;
        this.exclusive = exclusive;
    }

    public Path dir() {
        return dir;
    }

    public Path partFile(String taskId) {
        return dir.resolve(TaskIds.requireValid(taskId) + "." + writer + ".mp4.part");
    }

    /** Where this process puts a checked video: named after the task and this writer. */
    public Path videoFile(String taskId) {
        return dir.resolve(TaskIds.requireValid(taskId) + "." + writer + ".mp4");
    }

    /** Where this process puts a checked video's poster frame: beside the video, named after it. */
    public Path posterFile(String taskId) {
        return dir.resolve(TaskIds.requireValid(taskId) + "." + writer + ".jpg");
    }

    /**
     * A scratch file of an ffmpeg step for the task ({@code kind}: "faststart.mp4", "jpg", "log"); ends in .part,
     * so one a stopped process left is removed at the next start.
     */
    public Path scratchFile(String taskId, String kind) {
        return dir.resolve(TaskIds.requireValid(taskId) + "." + writer + "." + kind + ".part");
    }

    /** A checked video by the name the task store recorded (possibly written by another replica). */
    public Path recorded(String spoolFile) {
        Path file = dir.resolve(spoolFile).normalize();
        if (!file.getParent().equals(dir.normalize())) {
            throw new IllegalArgumentException("spool file outside the spool folder: " + LogSafe.quote(spoolFile));
        }
        return file;
    }

    public boolean holds(String spoolFile) {
        return spoolFile != null && Files.isRegularFile(recorded(spoolFile));
    }

    /** Deletes a checked video, and its poster frame if it has one, once every sink holds it. */
    public void release(String spoolFile) {
        if (spoolFile == null) {
            return;
        }
        try {
            Files.deleteIfExists(recorded(spoolFile));
            Files.deleteIfExists(posterOf(recorded(spoolFile)));
        } catch (IOException e) {
            LOG.warn("Could not remove the spooled video {}: {}", spoolFile, LogSafe.escape(e.getMessage()));
        }
    }

    /**
     * Removes checked videos no delivery refers to (a process stopped between checking a video and recording
     * it). On a shared spool only old ones, as another replica may be about to record its own.
     */
    public void removeOrphans(java.util.Set<String> inUse) {
        long abandonedBefore = System.currentTimeMillis() - ABANDONED.toMillis();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.{mp4,jpg}")) {
            for (Path file : files) {
                String video = file.getFileName().toString().replaceAll("\\.jpg$", ".mp4");
                if (!inUse.contains(video) && (exclusive || Files.getLastModifiedTime(file).toMillis() < abandonedBefore)) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not tidy the spool folder {}: {}", dir, LogSafe.escape(e.getMessage()));
        }
    }

    /** This process's files for a task it no longer holds (another replica took it over). */
    public void discardOwn(String taskId) {
        try {
            Files.deleteIfExists(partFile(taskId));
            Files.deleteIfExists(videoFile(taskId));
            Files.deleteIfExists(posterFile(taskId));
        } catch (IOException e) {
            LOG.warn("Could not remove the spool files of task {}: {}", taskId, LogSafe.escape(e.getMessage()));
        }
    }

    private static Path posterOf(Path video) {
        return video.resolveSibling(video.getFileName().toString().replaceAll("\\.mp4$", ".jpg"));
    }

    /** Creates the folder and removes downloads a stopped process left unfinished. */
    public void prepare() {
        try {
            Files.createDirectories(dir);
            int removed = 0;
            long abandonedBefore = System.currentTimeMillis() - ABANDONED.toMillis();
            try (DirectoryStream<Path> partials = Files.newDirectoryStream(dir, "*.part")) {
                for (Path partial : partials) {
                    if (exclusive || Files.getLastModifiedTime(partial).toMillis() < abandonedBefore) {
                        Files.delete(partial);
                        removed++;
                    }
                }
            }
            if (removed > 0) {
                LOG.info("Removed {} unfinished download(s) from {}; those tasks are downloaded again", removed, dir);
            }
        } catch (IOException e) {
            throw new LocalStorageException("cannot prepare the spool folder " + dir.toAbsolutePath() + ": "
                    + LogSafe.escape(e.getMessage()), e);
        }
    }
}
