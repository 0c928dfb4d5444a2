package io.kiemp4drop.delivery;

import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.poll.Backoff;
import io.kiemp4drop.poll.PollRoutes;
import io.kiemp4drop.store.TaskStore;
import io.kiemp4drop.validation.LogSafe;
import io.kiemp4drop.validation.UrlRefusedException;
import java.time.Duration;
import org.apache.camel.Exchange;
import io.kiemp4drop.observe.TaskLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Commits a delivery, or decides what a failed one means: retry later, or end the task FAILED. */
public class DeliveryOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryOutcomes.class);

    private final TaskStore store;
    private final TaskEndings endings;
    private final Backoff backoff;
    private final int maxAttempts;
    private final Duration retention;
    private final SpoolArea spool;

    public DeliveryOutcomes(TaskStore store, TaskEndings endings, Backoff backoff, int maxAttempts, Duration retention,
            SpoolArea spool) {
        this.spool = spool;
        this.store = store;
        this.endings = endings;
        this.backoff = backoff;
        this.maxAttempts = maxAttempts;
        this.retention = retention;
    }

    /** Another replica took the task over while this one worked on it: this one drops its work, nothing is written. */
    public void leaseLost(Exchange exchange) {
        spool.discardOwn(taskId(exchange));
        TaskLog.info(LOG, taskId(exchange), "Task {}: another replica took it over; this replica stops working on it",
                taskId(exchange));
    }

    /** The URL policy refused the video URL or a redirect: no retry can fix that. */
    public void refused(Exchange exchange) {
        String taskId = taskId(exchange);
        UrlRefusedException refusal = find(exchange, UrlRefusedException.class);
        String reason = "download refused: " + (refusal != null ? refusal.getMessage() : "URL not allowed");
        endings.end(taskId, TaskState.FAILED, reason, null);
    }

    /**
     * Any other failure: the task goes back to PENDING and is polled again later (which also fetches a
     * fresh video URL). Failed checks count toward kie.download.max-attempts; network and local disk
     * errors do not, but no task keeps retrying once kie.ai's retention period has passed.
     */
    public void failed(Exchange exchange) {
        String taskId = taskId(exchange);
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        boolean counted = find(exchange, DownloadCheckException.class) != null
                && find(exchange, LocalStorageException.class) == null;
        String reason = "download failed: " + describe(error);
        TaskRecord task = store.find(taskId).orElseThrow();
        TaskRecord after = store.recordDeliveryFailure(taskId, reason,
                counted, backoff.delay(task.downloadAttempts() + 1));
        if (after.downloadAttempts() >= maxAttempts) {
            end(after, reason + " (" + after.downloadAttempts() + " attempts, kie.download.max-attempts)");
        } else if (after.successSeenAt() != null
                && System.currentTimeMillis() - after.successSeenAt() > retention.toMillis()) {
            end(after, reason + " (still failing after kie.ai's retention period, kie.download.retention)");
        } else {
            TaskLog.warn(LOG, taskId, "Task {}: {}; will retry{}", taskId, reason,
                    counted ? " (attempt " + after.downloadAttempts() + " of " + maxAttempts + ")" : "");
        }
    }

    /**
     * A sink refused the spooled video (disk full, S3 down or refusing...). The task stays DELIVERING,
     * the spooled video stays, and only the sinks that do not hold it yet are tried again after a back-off.
     */
    public void publishFailed(Exchange exchange) {
        String taskId = taskId(exchange);
        String sink = exchange.getProperty("kieSink", "a sink", String.class);
        String target = exchange.getProperty("kieSinkTarget", "", String.class);
        String reason = "publishing to " + sink + (target.isEmpty() ? "" : " (" + target + ")") + " failed: "
                + describe(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        int attempt = store.recordSinkFailure(taskId, reason, backoff::delay);
        LOG.warn("Task {}: {}; the video stays spooled, retry {} follows", taskId, reason, attempt);
    }

    private void end(TaskRecord task, String reason) {
        endings.end(task.taskId(), TaskState.FAILED, reason, null);
    }

    private static String taskId(Exchange exchange) {
        return exchange.getProperty(PollRoutes.TASK_ID, String.class);
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
