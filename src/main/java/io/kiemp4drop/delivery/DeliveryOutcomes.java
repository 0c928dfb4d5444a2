package io.kiemp4drop.delivery;

import io.kiemp4drop.files.LocalStorageException;
import io.kiemp4drop.model.ExchangeNames;
import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.reports.TaskEndings;
import io.kiemp4drop.retry.Backoff;
import io.kiemp4drop.store.DeliveryTransitions;
import io.kiemp4drop.store.ObjectNameTakenException;
import io.kiemp4drop.store.TaskReads;
import io.kiemp4drop.validation.LogSafe;
import io.kiemp4drop.validation.UrlRefusedException;
import java.time.Duration;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a failed delivery means: retry later, or end the task FAILED. Called by the delivery error handlers. */
public class DeliveryOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryOutcomes.class);

    private final TaskReads reads;
    private final DeliveryTransitions transitions;
    private final TaskEndings endings;
    private final Backoff backoff;
    private final SpoolArea spool;
    private final int maxAttempts;
    private final Duration retention;

    public DeliveryOutcomes(TaskReads reads, DeliveryTransitions transitions, TaskEndings endings, Backoff backoff,
            SpoolArea spool, int maxAttempts, Duration retention) {
        this.reads = reads;
        this.transitions = transitions;
        this.endings = endings;
        this.backoff = backoff;
        this.spool = spool;
        this.maxAttempts = maxAttempts;
        this.retention = retention;
    }

    /** Another replica took the task over while this one worked on it: this one drops its work, writes nothing. */
    public void leaseLost(@ExchangeProperty(ExchangeNames.TASK_ID) String taskId) {
        spool.discardOwn(taskId);
        LOG.info("Task {}: another replica took it over; this replica stops working on it", taskId);
    }

    /** The URL policy refused the video URL or a redirect: no retry can fix that, so FAILED. */
    public void refused(Exchange exchange) {
        UrlRefusedException refusal = find(exchange, UrlRefusedException.class);
        endings.end(taskId(exchange), TaskState.FAILED,
                "download refused: " + (refusal != null ? refusal.getMessage() : "URL not allowed"), null);
    }

    /**
     * Another task holds the object name kie.object-name gives this one: the first keeps its objects, this task
     * ends FAILED (a report says which task holds the name) and its spooled video is released.
     */
    public void objectNameTaken(Exchange exchange) {
        String taskId = taskId(exchange);
        ObjectNameTakenException taken = find(exchange, ObjectNameTakenException.class);
        String spoolFile = reads.find(taskId).map(TaskRecord::spoolFile).orElse(null);
        endings.end(taskId, TaskState.FAILED, "not published: " + (taken != null ? taken.getMessage() : "object name taken"), null);
        if (spoolFile != null) {
            spool.release(spoolFile);
        }
    }

    /**
     * Any other download failure: DELIVERING goes back to PENDING, polled again later (which also fetches a fresh
     * video URL). Failed checks count toward kie.download.max-attempts, network and local disk errors do not;
     * either way the task ends FAILED once the attempts are used up or kie.ai's retention period has passed.
     */
    public void failed(Exchange exchange) {
        String taskId = taskId(exchange);
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        boolean counted = find(exchange, DownloadCheckException.class) != null
                && find(exchange, LocalStorageException.class) == null;
        String reason = "download failed: " + describe(error);
        int attemptsBefore = reads.find(taskId).map(TaskRecord::downloadAttempts).orElse(0);
        Optional<TaskRecord> after = transitions.recordDeliveryFailure(taskId, reason, counted,
                backoff.delay(attemptsBefore + 1));
        if (after.isEmpty()) {
            leaseLost(taskId);
            return;
        }
        TaskRecord task = after.get();
        if (task.downloadAttempts() >= maxAttempts) {
            endings.end(taskId, TaskState.FAILED, reason + " (" + task.downloadAttempts() + " attempts, kie.download.max-attempts)",
                    null);
        } else if (task.successSeenAt() != null && System.currentTimeMillis() - task.successSeenAt() > retention.toMillis()) {
            endings.end(taskId, TaskState.FAILED, reason + " (still failing after kie.ai's retention period, kie.download.retention)",
                    null);
        } else {
            LOG.warn("Task {}: {}; will retry{}", taskId, reason,
                    counted ? " (attempt " + task.downloadAttempts() + " of " + maxAttempts + ")" : "");
        }
    }

    /**
     * A sink refused the spooled video (disk full, S3 down or refusing...). The task stays DELIVERING, the video
     * stays spooled, and only the sinks that do not hold it yet are tried again after a back-off.
     */
    public void publishFailed(Exchange exchange) {
        String taskId = taskId(exchange);
        String sink = exchange.getProperty(ExchangeNames.SINK, "?", String.class);
        String target = exchange.getProperty(ExchangeNames.SINK_TARGET, "", String.class);
        String reason = "publishing to sink " + sink + (target.isEmpty() ? "" : " (" + target + ")") + " failed: "
                + describe(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        int attempt = transitions.recordSinkFailure(taskId, reason, backoff::delay);
        LOG.warn("Task {}: {}; the video stays spooled, retry {} follows", taskId, reason, attempt);
    }

    private static String taskId(Exchange exchange) {
        return exchange.getProperty(ExchangeNames.TASK_ID, String.class);
    }

    private static <T extends Throwable> T find(Exchange exchange, Class<T> type) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** Our own exceptions already say what went wrong (Camel may have wrapped them); anything else by its root cause. */
    private static String describe(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DownloadCheckException || t instanceof LocalStorageException) {
                return t.getMessage();
            }
        }
        return LogSafe.describe(error);
    }
}
