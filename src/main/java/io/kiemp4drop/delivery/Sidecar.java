package io.kiemp4drop.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.model.TaskRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON document every sink puts beside a video, built from what the task store knows. */
final class Sidecar {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Sidecar() {
    }

    static Map<String, Object> of(TaskRecord task) {
        Map<String, Object> record = parse(task.recordJson());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("taskId", task.taskId());
        out.put("musicId", record.get("musicId"));
        if (record.containsKey("audioId")) {
            out.put("audioId", record.get("audioId"));
        }
        if (record.containsKey("musicIndex")) {
            out.put("musicIndex", record.get("musicIndex"));
        }
        out.put("videoUrl", record.get("videoUrl"));
        out.put("bytes", task.bytes());
        out.put("sha256", task.sha256());
        out.put("createTime", record.get("createTime"));
        out.put("completeTime", record.get("completeTime"));
        out.put("deliveredAt", Instant.now().toString());
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String recordJson) {
        if (recordJson == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(recordJson, LinkedHashMap.class);
        } catch (IOException e) {
            return Map.of();
        }
    }
}
