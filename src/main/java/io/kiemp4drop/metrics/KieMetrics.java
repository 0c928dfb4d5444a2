package io.kiemp4drop.metrics;

import io.kiemp4drop.model.PollResult;
import io.kiemp4drop.model.GenerationState;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.store.GenerationLedger;
import io.kiemp4drop.store.NotificationOutbox;
import io.kiemp4drop.store.TaskReads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.CamelContext;

/**
 * The bundle's own metrics, published by Camel's Prometheus registry at /observe/metrics as
 * {@code kie_tasks{state}}, {@code kie_polls_total{outcome,flag}}, {@code kie_delivered_bytes_total},
 * {@code kie_download_seconds}, {@code kie_upload_seconds}, {@code kie_pauses_total{reason}},
 * {@code kie_pause_seconds_total{reason}}, {@code kie_callbacks_total{result}} and {@code kie_notifications_owed}.
 */
public class KieMetrics {

    private static final long STATE_COUNT_MAX_AGE_MILLIS = 2000;

    private final CamelContext context;
    private final TaskReads reads;
    private final NotificationOutbox outbox;
    private final GenerationLedger generations;
    private volatile MeterRegistry registry;
    private volatile Map<TaskState, Long> stateCounts = Map.of();
    private volatile long stateCountsAt;

    public KieMetrics(CamelContext context, TaskReads reads, NotificationOutbox outbox, GenerationLedger generations) {
        this.generations = generations;
        this.context = context;
        this.reads = reads;
        this.outbox = outbox;
    }

    public void poll(PollResult result) {
        Counter.builder("kie.polls").description("record-info answers by outcome and successFlag")
                .tag("outcome", result.outcome().name()).tag("flag", flagTag(result.getSuccessFlag()))
                .register(registry()).increment();
    }

    public void pollFailed() {
        Counter.builder("kie.polls").description("record-info answers by outcome and successFlag")
                .tag("outcome", "REQUEST_FAILED").tag("flag", "").register(registry()).increment();
    }

    public void delivered(long bytes) {
        Counter.builder("kie.delivered.bytes").description("bytes of video delivered").baseUnit("bytes")
                .register(registry()).increment(bytes);
    }

    public void download(Duration took) {
        timer("kie.download", "time to stream one video into the spool").record(took);
    }

    public void upload(Duration took) {
        timer("kie.upload", "time to upload one video to S3").record(took);
    }

    /** All polling paused (rate limit, maintenance, rejected key, no credits, circuit breaker). */
    public void pause(String reason, Duration length) {
        Counter.builder("kie.pauses").description("account-wide polling pauses").tag("reason", reason)
                .register(registry()).increment();
        Counter.builder("kie.pause.seconds").description("seconds of account-wide polling pauses").tag("reason", reason)
                .register(registry()).increment(length.toMillis() / 1000.0);
    }

    /** One generation request's outcome: submitted, rejected, waiting (not sent, or a pause), uncertain. */
    public void generationRequest(String result) {
        Counter.builder("kie.generation.requests").description("generation requests by result").tag("result", result)
                .register(registry()).increment();
    }

    public void callback(String result) {
        Counter.builder("kie.callbacks").description("kie.ai callbacks by result").tag("result", result)
                .register(registry()).increment();
    }

    private Timer timer(String name, String description) {
        return Timer.builder(name).description(description).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofHours(1))
                .register(registry());
    }

    /** Known successFlag values as they are; anything else as one bucket, so API text cannot explode the labels. */
    private static String flagTag(String flag) {
        return switch (flag) {
            case "", "PENDING", "SUCCESS", "CREATE_TASK_FAILED", "GENERATE_MP4_FAILED", "CALLBACK_EXCEPTION" -> flag;
            default -> "OTHER";
        };
    }

    private MeterRegistry registry() {
        MeterRegistry current = registry;
        if (current == null) {
            synchronized (this) {
                if (registry == null) {
                    MeterRegistry found = context.getRegistry().findSingleByType(MeterRegistry.class);
                    registry = found != null ? found : new SimpleMeterRegistry();
                    for (TaskState state : TaskState.values()) {
                        Gauge.builder("kie.tasks", () -> count(state)).description("tasks by state")
                                .tag("state", state.name()).register(registry);
                    }
                    for (GenerationState state : GenerationState.values()) {
                        Gauge.builder("kie.generations", () -> generations.countByState().getOrDefault(state, 0L))
                                .description("generation requests by state").tag("state", state.name()).register(registry);
                    }
                    Gauge.builder("kie.notifications.owed", outbox::countOwed)
                            .description("final-state notifications not yet taken by kie.notify.uri").register(registry);
                }
                current = registry;
            }
        }
        return current;
    }

    /** Scrapes read a snapshot at most two seconds old: one query for all states, not one per gauge. */
    private long count(TaskState state) {
        if (System.currentTimeMillis() - stateCountsAt > STATE_COUNT_MAX_AGE_MILLIS) {
            stateCounts = reads.countByState();
            stateCountsAt = System.currentTimeMillis();
        }
        return stateCounts.getOrDefault(state, 0L);
    }

    /** Registers the gauges, so they are exported before the first event. */
    public void register() {
        registry();
    }
}
