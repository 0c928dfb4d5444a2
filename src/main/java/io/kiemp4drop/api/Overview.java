package io.kiemp4drop.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.model.DownloadProgress;
import io.kiemp4drop.model.GenerationState;
import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.poll.PollGate;
import io.kiemp4drop.reports.RecordJson;
import io.kiemp4drop.store.Downloads;
import io.kiemp4drop.store.GenerationLedger;
import io.kiemp4drop.store.TaskReads;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * GET /overview, what the operator page shows at a glance: tasks per state, whether the account is paused (why,
 * until when), the downloads in flight with their progress, generation requests per state and the latest
 * deliveries. Everything comes from the store, so every replica answers the same.
 */
public class Overview {

    private static final int LATEST = 10;

    private final TaskReads reads;
    private final Downloads downloads;
    private final GenerationLedger generations;
    private final PollGate gate;
    private final ObjectMapper json;
    private final Posters posters;

    public Overview(TaskReads reads, Downloads downloads, GenerationLedger generations, PollGate gate, ObjectMapper json,
            Posters posters) {
        this.posters = posters;
        this.reads = reads;
        this.downloads = downloads;
        this.generations = generations;
        this.gate = gate;
        this.json = json;
    }

    public Map<String, Object> read(Exchange exchange) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Long> tasks = new LinkedHashMap<>();
        Map<TaskState, Long> taskCounts = reads.countByState();
        for (TaskState state : TaskState.values()) {
            tasks.put(state.name(), taskCounts.getOrDefault(state, 0L));
        }
        out.put("tasks", tasks);
        out.put("account", account());
        out.put("downloads", downloads.inFlight().stream().map(Overview::download).toList());
        Map<String, Long> requests = new LinkedHashMap<>();
        Map<GenerationState, Long> requestCounts = generations.countByState();
        for (GenerationState state : GenerationState.values()) {
            requests.put(state.name(), requestCounts.getOrDefault(state, 0L));
        }
        out.put("generations", requests);
        out.put("latestDeliveries", reads.latestDelivered(LATEST).stream().map(this::delivery).toList());
        return Answers.ok(exchange, out);
    }

    private Map<String, Object> account() {
        Map<String, Object> account = new LinkedHashMap<>();
        gate.currentPause().ifPresentOrElse(pause -> {
            account.put("paused", true);
            account.put("reason", pause.reason());
            account.put("until", Instant.ofEpochMilli(pause.until()).toString());
        }, () -> account.put("paused", false));
        return account;
    }

    private static Map<String, Object> download(DownloadProgress progress) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("taskId", progress.taskId());
        out.put("bytesReceived", progress.bytesReceived());
        out.put("bytesExpected", progress.bytesExpected());
        out.put("bytesPerSecond", progress.bytesPerSecond());
        out.put("secondsLeft", progress.secondsLeft());
        out.put("startedAt", Instant.ofEpochMilli(progress.startedAt()).toString());
        return out;
    }

    private Map<String, Object> delivery(TaskRecord task) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("taskId", task.taskId());
        out.put("destination", task.destination());
        out.put("bytes", task.bytes());
        out.put("deliveredAt", task.deliveredAt() == null ? null : Instant.ofEpochMilli(task.deliveredAt()).toString());
        out.put("media", task.mediaJson() == null ? null : RecordJson.parse(json, task.mediaJson()));
        // the thumbnail's address when the drop folder holds the poster (the file sink)
        out.put("poster", posters.servable(task) ? "/tasks/" + task.taskId() + "/poster" : null);
        return out;
    }
}
