package io.kiemp4drop.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kiemp4drop.model.RecordInfo;
import io.kiemp4drop.model.SpooledVideo;
import io.kiemp4drop.validation.LogSafe;
import io.kiemp4drop.validation.TaskIds;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file sink: {@code {taskId}.json} then {@code {taskId}.mp4} appear in the drop folder by atomic
 * rename from the spool folder inside it, so a reader never sees a partial file, and the sidecar is
 * already there when the video shows up. File names come from the validated task ID only.
 */
public class DropFolder {

    private static final Logger LOG = LoggerFactory.getLogger(DropFolder.class);

    private final Path dropDir;
    private final Path spoolDir;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public DropFolder(Path dropDir, Path spoolDir) {
        this.dropDir = dropDir;
        this.spoolDir = spoolDir;
    }

    /** Creates the folders and removes spool files a killed process left behind. */
    public void prepare() {
        try {
            Files.createDirectories(dropDir);
            Files.createDirectories(spoolDir);
            int removed = 0;
            try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(spoolDir)) {
                for (Path leftover : leftovers) {
                    if (Files.isRegularFile(leftover)) {
                        Files.delete(leftover);
                        removed++;
                    }
                }
            }
            if (removed > 0) {
                LOG.info("Removed {} unfinished download(s) from {}; those tasks are downloaded again", removed, spoolDir);
            }
        } catch (IOException e) {
            throw new LocalStorageException("cannot prepare kie.drop.dir " + dropDir.toAbsolutePath() + ": "
                    + LogSafe.escape(e.getMessage()), e);
        }
    }

    /** Publishes a checked video with its sidecar; returns where the video now is. */
    public String publish(SpooledVideo video, RecordInfo record) {
        String taskId = TaskIds.requireValid(video.taskId());
        Path target = dropDir.resolve(taskId + ".mp4");
        try {
            Files.createDirectories(dropDir);
            AtomicFiles.write(dropDir.resolve(taskId + ".json"), json.writeValueAsBytes(sidecar(video, record)));
            AtomicFiles.move(video.file(), target);
            return target.toString();
        } catch (IOException e) {
            deleteQuietly(video.file());
            throw new LocalStorageException("cannot publish into kie.drop.dir " + dropDir.toAbsolutePath() + ": "
                    + LogSafe.escape(e.getMessage()), e);
        }
    }

    private static Map<String, Object> sidecar(SpooledVideo video, RecordInfo record) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> described = record.describe();
        out.put("taskId", video.taskId());
        out.put("musicId", described.get("musicId"));
        if (described.containsKey("audioId")) {
            out.put("audioId", described.get("audioId"));
        }
        if (described.containsKey("musicIndex")) {
            out.put("musicIndex", described.get("musicIndex"));
        }
        out.put("videoUrl", described.get("videoUrl"));
        out.put("bytes", video.bytes());
        out.put("sha256", video.sha256());
        out.put("createTime", described.get("createTime"));
        out.put("completeTime", described.get("completeTime"));
        out.put("deliveredAt", Instant.now().toString());
        return out;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // removed at the next start
        }
    }
}
