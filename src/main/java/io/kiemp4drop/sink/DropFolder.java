package io.kiemp4drop.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.files.AtomicFiles;
import io.kiemp4drop.files.LocalStorageException;
import io.kiemp4drop.model.ExchangeNames;
import io.kiemp4drop.model.Publication;
import io.kiemp4drop.validation.LogSafe;
import io.kiemp4drop.validation.TaskIds;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.camel.ExchangeProperty;

/**
 * The file sink: {@code {taskId}.json} then {@code {taskId}.mp4} appear in the drop folder by atomic
 * rename, so a reader never sees a partial file and the sidecar is there when the video shows up. The
 * video is hard-linked from the spool (copied when the spool is on another file system), so the spooled
 * copy stays for the other sinks. File names come from the validated task ID only.
 */
public class DropFolder {

    private final Path dropDir;
    private final ObjectMapper json;

    public DropFolder(Path dropDir, ObjectMapper json) {
        this.dropDir = dropDir;
        this.json = json;
    }

    /** Publishes a spooled video with its sidecar; returns where the video now is. */
    public String publish(@ExchangeProperty(ExchangeNames.PUBLICATION) Publication publication) {
        String taskId = TaskIds.requireValid(publication.taskId());
        Path target = dropDir.resolve(taskId + ".mp4");
        Path staged = dropDir.resolve("." + taskId + ".mp4.tmp");
        try {
            Files.createDirectories(dropDir);
            AtomicFiles.write(dropDir.resolve(taskId + ".json"), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(publication.sidecar()));
            Files.deleteIfExists(staged);
            try {
                Files.createLink(staged, publication.video());
            } catch (UnsupportedOperationException | FileSystemException noLink) {
                Files.copy(publication.video(), staged, StandardCopyOption.REPLACE_EXISTING);
            }
            AtomicFiles.move(staged, target);
            return target.toString();
        } catch (IOException e) {
            deleteQuietly(staged);
            throw new LocalStorageException("cannot publish into kie.drop.dir " + dropDir.toAbsolutePath() + ": "
                    + LogSafe.escape(e.getMessage()), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover hidden .tmp file is replaced by the next attempt
        }
    }
}
