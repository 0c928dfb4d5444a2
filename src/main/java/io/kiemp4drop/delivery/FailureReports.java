package io.kiemp4drop.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.validation.TaskIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes {@code {failed.dir}/{taskId}.json} for every task that ends without a video. */
public class FailureReports {

    private final Path failedDir;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public FailureReports(Path failedDir) {
        this.failedDir = failedDir;
    }

    public Path write(TaskRecord task) {
        String taskId = TaskIds.requireValid(task.taskId());
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("taskId", taskId);
        report.put("state", task.state().name());
        report.put("reason", task.lastError());
        Map<?, ?> record = parseRecord(task.recordJson());
        report.put("errorCode", record.get("errorCode"));
        report.put("errorMessage", record.get("errorMessage"));
        report.put("record", record.isEmpty() ? null : record);
        report.put("polls", task.polls());
        report.put("downloadAttempts", task.downloadAttempts());
        report.put("addedAt", Instant.ofEpochMilli(task.createdAt()).toString());
        report.put("reportedAt", Instant.now().toString());
        try {
            Files.createDirectories(failedDir);
            Path target = failedDir.resolve(taskId + ".json");
            AtomicFiles.write(target, json.writeValueAsBytes(report));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write failure report into kie.failed.dir " + failedDir + ": " + e.getMessage(), e);
        }
    }

    private Map<?, ?> parseRecord(String recordJson) {
        if (recordJson == null) {
            return Map.of();
        }
        try {
            return json.readValue(recordJson, LinkedHashMap.class);
        } catch (IOException e) {
            return Map.of();
        }
    }
}
