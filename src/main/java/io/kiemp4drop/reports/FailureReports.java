package io.kiemp4drop.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.files.AtomicFiles;
import io.kiemp4drop.files.LocalStorageException;
import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.validation.LogSafe;
import io.kiemp4drop.validation.TaskIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes {@code {kie.failed.dir}/{taskId}.json} for every task that ends without a video. */
public class FailureReports {

    private final Path failedDir;
    private final ObjectMapper json;

    public FailureReports(Path failedDir, ObjectMapper json) {
        this.failedDir = failedDir;
        this.json = json;
    }

    public Path write(TaskRecord task) {
        String taskId = TaskIds.requireValid(task.taskId());
        Map<String, Object> record = RecordJson.parse(json, task.recordJson());
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("taskId", taskId);
        report.put("state", task.state().name());
        report.put("reason", task.lastError());
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
            AtomicFiles.write(target, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
            return target;
        } catch (IOException e) {
            throw new LocalStorageException("cannot write the failure report into kie.failed.dir " + failedDir + ": "
                    + LogSafe.escape(e.getMessage()), e);
        }
    }
}
