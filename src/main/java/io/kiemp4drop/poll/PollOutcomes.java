package io.kiemp4drop.poll;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.metrics.KieMetrics;
import io.kiemp4drop.model.ExchangeNames;
import io.kiemp4drop.model.PollOutcome;
import io.kiemp4drop.model.PollResult;
import io.kiemp4drop.model.RecordInfo;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.reports.TaskEndings;
import io.kiemp4drop.retry.Backoff;
import io.kiemp4drop.store.PollTransitions;
import io.kiemp4drop.validation.LogSafe;
import java.time.Duration;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each branch of the poll routers does to a task: the store transition, the report and the log line.
 * The routes (routes/poll.camel.yaml) decide which branch applies; this bean only carries it out.
 */
public class PollOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(PollOutcomes.class);

    private final PollTransitions transitions;
    private final PollGate gate;
    private final Backoff backoff;
    private final TaskEndings endings;
    private final KieMetrics metrics;
    private final ObjectMapper json;
    private final Duration period;
    private final Duration authPause;
    private final int notFoundAttempts;

    public PollOutcomes(PollTransitions transitions, PollGate gate, Backoff backoff, TaskEndings endings, KieMetrics metrics,
            ObjectMapper json, Duration period, Duration authPause, int notFoundAttempts) {
        this.transitions = transitions;
        this.gate = gate;
        this.backoff = backoff;
        this.endings = endings;
        this.metrics = metrics;
        this.json = json;
        this.period = period;
        this.authPause = authPause;
        this.notFoundAttempts = notFoundAttempts;
    }

    /** PENDING: polled again after kie.poll.period. */
    public void stillPending(PollResult result) {
        gate.answered();
        transitions.pollAgain(result.taskId(), period);
        LOG.debug("Task {} is still PENDING", result.taskId());
    }

    /** An unknown successFlag: polled on, warned once per task and value (later polls at DEBUG). */
    public void unexpectedFlag(PollResult result) {
        gate.answered();
        String note = "unexpected successFlag " + LogSafe.quote(result.getSuccessFlag());
        if (transitions.pollAgainNoting(result.taskId(), note, period)) {
            LOG.warn("Task {}: {}; polling continues (logged once while the answer stays the same)", result.taskId(), note);
        } else {
            LOG.debug("Task {}: {} again", result.taskId(), note);
        }
    }

    /**
     * SUCCESS: PENDING becomes DELIVERING, and the record goes with the exchange to the download. False when
     * another path (a callback, another replica) already took the task.
     */
    public boolean startDelivery(PollResult result, Exchange exchange) {
        gate.answered();
        boolean started = transitions.startDelivery(result.taskId(), toJson(result.record()));
        if (started) {
            exchange.setProperty(ExchangeNames.RECORD, result.record());
            LOG.info("Task {} is ready; downloading", result.taskId());
        }
        return started;
    }

    /** CREATE_TASK_FAILED / GENERATE_MP4_FAILED: FAILED, with kie.ai's errorCode and errorMessage in the report. */
    public void generationFailed(PollResult result) {
        gate.answered();
        RecordInfo record = result.record();
        String reason = "kie.ai reported " + LogSafe.escape(result.getSuccessFlag())
                + (record.errorMessage() == null ? "" : ": " + LogSafe.escape(record.errorMessage()));
        endings.end(result.taskId(), TaskState.FAILED, reason, toJson(record));
    }

    /** data: null or 404: counted, polled again; returns how many such answers came in a row. */
    public int countNotFound(PollResult result) {
        gate.answered();
        int times = transitions.recordNotFound(result.taskId(), period);
        if (times < notFoundAttempts) {
            LOG.info("Task {} is not known to kie.ai yet ({} of {})", result.taskId(), times, notFoundAttempts);
        }
        return times;
    }

    /** kie.poll.not-found-attempts unknown answers in a row: NOT_FOUND, with a report. */
    public void notFound(@ExchangeProperty(ExchangeNames.TASK_ID) String taskId) {
        endings.end(taskId, TaskState.NOT_FOUND,
                "record-info did not know this task in " + notFoundAttempts + " polls (kie.poll.not-found-attempts)", null);
    }

    /** 400 / 422: INVALID, with kie.ai's message in the report. */
    public void invalid(PollResult result) {
        gate.answered();
        endings.end(result.taskId(), TaskState.INVALID, "kie.ai refused the task ID (HTTP " + result.httpStatus()
                + ", code " + result.apiCode() + "): " + result.message(), null);
    }

    /** 401 / 402: nothing works until a person acts, so all polling pauses and one error says why. */
    public void accountBlocked(PollResult result) {
        String reason = result.outcome() == PollOutcome.KEY_REJECTED
                ? "kie.ai rejected the API key (401): check KIE_API_KEY / kie.api.key"
                : "kie.ai reports insufficient credits (402): top up the account";
        if (gate.pauseForAccount(authPause, reason)) {
            metrics.pause(result.outcome().name().toLowerCase(Locale.ROOT), authPause);
            LOG.error("{}; all polling paused for {} (kie.api.auth-pause), tasks keep their state", reason, human(authPause));
        }
        transitions.deferUntil(result.taskId(), gate.reopensAt());
    }

    /** 429 / 455: the account or the service needs a break; Retry-After honoured when sent. */
    public void apiBusy(PollResult result) {
        Duration pause = result.retryAfter() != null ? result.retryAfter() : backoff.delay(gate.pauseStreak() + 1);
        String what = result.outcome() == PollOutcome.RATE_LIMITED ? "rate limited by kie.ai (429)"
                : "kie.ai is under maintenance (455)";
        if (gate.pause(pause, what)) {
            metrics.pause(result.outcome().name().toLowerCase(Locale.ROOT), pause);
            LOG.warn("{}; all polling paused for {}{}", what, human(pause),
                    result.retryAfter() != null ? " as Retry-After asks" : "");
        }
        transitions.deferUntil(result.taskId(), gate.reopensAt());
    }

    /** 5xx, malformed answers and the like: polled again with back-off; the circuit breaker counts it. */
    public void transientError(PollResult result) {
        String reason = "record-info answered HTTP " + result.httpStatus()
                + (result.apiCode() == null ? "" : ", code " + result.apiCode())
                + (result.message().isEmpty() ? "" : ": " + result.message());
        retryLater(result.taskId(), reason, result.retryAfter());
    }

    /** The request itself failed (connection refused or reset, timeout...): as a transient error. */
    public void requestFailed(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        metrics.pollFailed();
        retryLater(exchange.getProperty(ExchangeNames.TASK_ID, String.class),
                "record-info request failed: " + LogSafe.describe(error), null);
    }

    /** All polling is paused: the task waits for the gate without spending a request. */
    public void deferWhilePaused(@ExchangeProperty(ExchangeNames.TASK_ID) String taskId) {
        transitions.deferUntil(taskId, gate.reopensAt());
    }

    private void retryLater(String taskId, String reason, Duration retryAfter) {
        int streak = transitions.recordTransientFailure(taskId, reason,
                attempt -> retryAfter != null ? retryAfter : backoff.delay(attempt));
        if (gate.transientFailure()) {
            metrics.pause("circuit_breaker", gate.breakerPause());
            LOG.warn("kie.ai failed {} times in a row (last: {}); all polling paused for {} (circuit breaker)",
                    gate.breakerThreshold(), reason, human(gate.breakerPause()));
        } else if (gate.isOpen()) {
            LOG.warn("Task {}: {} (attempt {}); will retry", taskId, reason, streak);
        }
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
