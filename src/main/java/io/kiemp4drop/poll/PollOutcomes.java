package io.kiemp4drop.poll;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.delivery.TaskEndings;
import io.kiemp4drop.model.PollOutcome;
import io.kiemp4drop.model.PollResult;
import io.kiemp4drop.model.RecordInfo;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.observe.KieMetrics;
import io.kiemp4drop.store.TaskStore;
import io.kiemp4drop.validation.LogSafe;
import java.time.Duration;
import org.apache.camel.Exchange;
import io.kiemp4drop.observe.TaskLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each branch of the poll router does to a task: the store update, the report and the log line.
 * The routes decide which branch applies; this bean only carries it out.
 */
public class PollOutcomes {

    /** Exchange property carrying the record of a task whose delivery starts. */
    public static final String RECORD = "kieRecord";

    private static final Logger LOG = LoggerFactory.getLogger(PollOutcomes.class);

    private final TaskStore store;
    private final PollGate gate;
    private final Backoff backoff;
    private final TaskEndings endings;
    private final Duration period;
    private final Duration authPause;
    private final int notFoundAttempts;
    private final int breakerThreshold;
    private final KieMetrics metrics;
    private final ObjectMapper json = new ObjectMapper();

    public PollOutcomes(TaskStore store, PollGate gate, Backoff backoff, TaskEndings endings,
            Duration period, Duration authPause, int notFoundAttempts, int breakerThreshold, KieMetrics metrics) {
        this.store = store;
        this.gate = gate;
        this.backoff = backoff;
        this.endings = endings;
        this.period = period;
        this.authPause = authPause;
        this.notFoundAttempts = notFoundAttempts;
        this.breakerThreshold = breakerThreshold;
        this.metrics = metrics;
    }

    public void stillPending(PollResult result) {
        gate.answered();
        store.pollAgain(result.taskId(), period);
        LOG.debug("Task {} is still PENDING", result.taskId());
    }

    /** Warns once per task and value; later polls that answer the same are logged at DEBUG only. */
    public void unexpectedFlag(PollResult result) {
        gate.answered();
        String note = "unexpected successFlag " + LogSafe.quote(result.getSuccessFlag());
        if (store.pollAgainNoting(result.taskId(), note, period)) {
            LOG.warn("Task {}: {}; polling continues (logged once while the answer stays the same)", result.taskId(), note);
        } else {
            LOG.debug("Task {}: {} again", result.taskId(), note);
        }
    }

    /** SUCCESS: hands the task to delivery unless it is already being delivered. */
    public boolean startDelivery(PollResult result, Exchange exchange) {
        gate.answered();
        boolean started = store.startDelivery(result.taskId(), toJson(result.record()));
        if (started) {
            exchange.setProperty(RECORD, result.record());
            TaskLog.info(LOG, result.taskId(), "Task {} is ready; downloading", result.taskId());
        }
        return started;
    }

    public void generationFailed(PollResult result) {
        gate.answered();
        RecordInfo record = result.record();
        String reason = "kie.ai reported " + LogSafe.escape(result.getSuccessFlag())
                + (record.errorMessage() == null ? "" : ": " + LogSafe.escape(record.errorMessage()));
        end(result.taskId(), TaskState.FAILED, reason, toJson(record));
    }

    public void notFound(PollResult result) {
        gate.answered();
        int times = store.recordNotFound(result.taskId(), period);
        if (times >= notFoundAttempts) {
            end(result.taskId(), TaskState.NOT_FOUND,
                    "record-info did not know this task in " + times + " polls (kie.poll.not-found-attempts)", null);
        } else {
            LOG.info("Task {} is not known to kie.ai yet ({} of {})", result.taskId(), times, notFoundAttempts);
        }
    }

    /** 401 / 402: nothing will work until a person acts, so all polling pauses and one error says why. */
    public void accountBlocked(PollResult result) {
        String reason = result.outcome() == PollOutcome.KEY_REJECTED
                ? "kie.ai rejected the API key (401): check KIE_API_KEY / kie.api.key"
                : "kie.ai reports insufficient credits (402): top up the account";
        if (gate.pauseForAccount(authPause, reason)) {
            metrics.pause(result.outcome().name().toLowerCase(java.util.Locale.ROOT), authPause);
            LOG.error("{}; all polling paused for {} (kie.api.auth-pause), tasks keep their state", reason,
                    human(authPause));
        }
        store.deferUntil(result.taskId(), gate.reopensAt());
    }

    /** 429 / 455: the account or the service needs a break; honour Retry-After when sent. */
    public void apiBusy(PollResult result) {
        Duration pause = result.retryAfter() != null ? result.retryAfter() : backoff.delay(gate.pauseStreak() + 1);
        String what = result.outcome() == PollOutcome.RATE_LIMITED ? "rate limited by kie.ai (429)"
                : "kie.ai is under maintenance (455)";
        if (gate.pause(pause)) {
            metrics.pause(result.outcome().name().toLowerCase(java.util.Locale.ROOT), pause);
            LOG.warn("{}; all polling paused for {}{}", what, human(pause),
                    result.retryAfter() != null ? " as Retry-After asks" : "");
        }
        store.deferUntil(result.taskId(), gate.reopensAt());
    }

    public void invalid(PollResult result) {
        gate.answered();
        end(result.taskId(), TaskState.INVALID, "kie.ai refused the task ID (HTTP " + result.httpStatus()
                + ", code " + result.apiCode() + "): " + result.message(), null);
    }

    public void transientError(PollResult result) {
        String reason = "record-info answered HTTP " + result.httpStatus()
                + (result.apiCode() == null ? "" : ", code " + result.apiCode())
                + (result.message().isEmpty() ? "" : ": " + result.message());
        retryLater(result.taskId(), reason, result.retryAfter());
    }

    /** The request itself failed (connection refused or reset, timeout...). */
    public void requestFailed(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = "record-info request failed: " + LogSafe.describe(error);
        metrics.pollFailed();
        retryLater(exchange.getProperty(PollRoutes.TASK_ID, String.class), reason, null);
    }

    /** All polling is paused: the task waits for the gate without spending a request. */
    public void deferWhilePaused(Exchange exchange) {
        store.deferUntil(exchange.getProperty(PollRoutes.TASK_ID, String.class), gate.reopensAt());
    }

    private void retryLater(String taskId, String reason, Duration retryAfter) {
        int streak = store.recordTransientFailure(taskId, reason,
                attempt -> retryAfter != null ? retryAfter : backoff.delay(attempt));
        if (gate.transientFailure()) {
            metrics.pause("circuit_breaker", gate.breakerPause());
            LOG.warn("kie.ai failed {} times in a row (last: {}); all polling paused for {} (circuit breaker)",
                    breakerThreshold, reason, human(gate.breakerPause()));
        } else if (gate.isOpen()) {
            LOG.warn("Task {}: {} (attempt {}); will retry", taskId, reason, streak);
        }
    }

    private void end(String taskId, TaskState state, String reason, String recordJson) {
        endings.end(taskId, state, reason, recordJson);
    }

    private String toJson(RecordInfo record) {
        try {
            return record == null ? null : json.writeValueAsString(record.describe());
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
