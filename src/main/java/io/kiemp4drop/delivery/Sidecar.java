package io.kiemp4drop.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.model.Generation;
import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.reports.RecordJson;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON document every sink puts beside a video, built from what the task store knows. */
final class Sidecar {

    private Sidecar() {
    }

    /**
     * @param posterName the poster's object name, or null when the video has none
     * @param generation the request the task was generated for, or null
     */
    static Map<String, Object> of(TaskRecord task, ObjectMapper json, String posterName, Generation generation) {
        Map<String, Object> record = RecordJson.parse(json, task.recordJson());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("taskId", task.taskId());
        out.put("musicId", record.get("musicId"));
        if (record.containsKey("audioId")) {
            out.put("audioId", record.get("audioId"));
        }
        if (record.containsKey("musicIndex")) {
            out.put("musicIndex", record.get("musicIndex"));
        }
        if (generation != null) {
            out.put("musicTaskId", generation.musicTaskId());
            out.putIfAbsent("audioId", generation.audioId());
            out.put("author", generation.author());
            out.put("domainName", generation.domainName());
        }
        out.put("videoUrl", record.get("videoUrl"));
        out.put("bytes", task.bytes());
        out.put("sha256", task.sha256());
        if (task.sourceSha256() != null) {
            // remuxed for faststart: bytes and sha256 above are the delivered file's, these the one kie.ai served
            out.put("sourceBytes", task.sourceBytes());
            out.put("sourceSha256", task.sourceSha256());
        }
        out.put("media", task.mediaJson() == null ? null : RecordJson.parse(json, task.mediaJson()));
        out.put("poster", posterName);
        out.put("createTime", record.get("createTime"));
        out.put("completeTime", record.get("completeTime"));
        out.put("deliveredAt", Instant.now().toString());
        return out;
    }
}
