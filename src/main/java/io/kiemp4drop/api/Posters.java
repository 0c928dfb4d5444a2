package io.kiemp4drop.api;

import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.store.ObjectNames;
import io.kiemp4drop.store.TaskReads;
import io.kiemp4drop.validation.TaskIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Message;

/**
 * GET /tasks/{taskId}/poster: a delivered task's poster frame as the drop folder holds it (the file sink), for the
 * operator page's thumbnails. The file's path comes from the task's stored object name, never from the request.
 */
public class Posters {

    private static final long MAX_BYTES = 5 * 1024 * 1024;

    private final TaskReads reads;
    private final ObjectNames names;
    private final Path dropDir;

    public Posters(TaskReads reads, ObjectNames names, Path dropDir) {
        this.reads = reads;
        this.names = names;
        this.dropDir = dropDir.toAbsolutePath().normalize();
    }

    /** Whether the page can show this task's poster: delivered with one, into the drop folder. */
    public boolean servable(TaskRecord task) {
        return task.state() == TaskState.DELIVERED && task.posterFile() != null && task.sinkDone("file");
    }

    public byte[] serve(Exchange exchange, @Header("taskId") String taskId) {
        TaskRecord task = (TaskIds.isValid(taskId) ? reads.find(taskId) : java.util.Optional.<TaskRecord>empty())
                .filter(this::servable).orElseThrow(() -> new ApiRefusal(404, "no poster for this task"));
        Path poster = names.nameOf(task.taskId()).map(name -> dropDir.resolve(name + ".jpg").normalize())
                .filter(path -> path.startsWith(dropDir) && Files.isRegularFile(path))
                .orElseThrow(() -> new ApiRefusal(404, "the poster is not in the drop folder"));
        try {
            if (Files.size(poster) > MAX_BYTES) {
                throw new ApiRefusal(404, "the poster is not a thumbnail");
            }
            byte[] jpeg = Files.readAllBytes(poster);
            Message message = exchange.getMessage();
            message.getHeaders().clear();
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            message.setHeader(Exchange.CONTENT_TYPE, "image/jpeg");
            message.setHeader("X-Content-Type-Options", "nosniff");
            message.setHeader("Content-Security-Policy", "default-src 'none'");
            return jpeg;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
