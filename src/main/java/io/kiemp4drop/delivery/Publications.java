package io.kiemp4drop.delivery;

import io.kiemp4drop.model.Publication;
import io.kiemp4drop.model.SpooledVideo;
import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.observe.KieMetrics;
import io.kiemp4drop.store.TaskStore;
import java.util.List;
import io.kiemp4drop.observe.TaskLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks a checked video through the configured sinks: which still need it, which hold it, and the
 * commit once all of them do (the task becomes DELIVERED and the spooled copy is released).
 */
public class Publications {

    private static final Logger LOG = LoggerFactory.getLogger(Publications.class);

    private final TaskStore store;
    private final SpoolArea spool;
    private final List<String> sinks;
    private final int batchSize;
    private final KieMetrics metrics;

    public Publications(TaskStore store, SpoolArea spool, List<String> sinks, int batchSize, KieMetrics metrics) {
        this.store = store;
        this.spool = spool;
        this.sinks = List.copyOf(sinks);
        this.batchSize = batchSize;
        this.metrics = metrics;
    }

    /** A download passed its checks: from now on it is never downloaded again while the spool holds it. */
    public void spooled(SpooledVideo video) {
        store.recordSpooled(video.taskId(), video.bytes(), video.sha256(), video.file().getFileName().toString());
    }

    public Publication load(String taskId) {
        if (!store.holdsLease(taskId)) {
            throw new io.kiemp4drop.store.LeaseLostException(taskId);
        }
        TaskRecord task = store.find(taskId).orElseThrow();
        List<String> pending = sinks.stream().filter(sink -> !task.sinkDone(sink)).toList();
        return new Publication(taskId, spool.recorded(task.spoolFile()), task.bytes(), task.sha256(), Sidecar.of(task),
                pending);
    }

    public void sinkDone(Publication publication, String sink, String destination) {
        store.recordSinkDone(publication.taskId(), sink, destination);
    }

    /** Every configured sink holds the video. */
    public void complete(Publication publication) {
        store.markDelivered(publication.taskId());
        spool.release(publication.video().getFileName().toString());
        TaskRecord task = store.find(publication.taskId()).orElseThrow();
        TaskLog.info(LOG, task.taskId(), "Task {} delivered: {} ({} bytes, sha256 {})", task.taskId(), task.destination(), task.bytes(),
                task.sha256());
        metrics.delivered(task.bytes());
    }

    /** Deliveries whose publication is due again (a sink failed earlier, or the process restarted). */
    public List<String> claimDue() {
        store.reclaimStalledDeliveries();
        List<String> claimed = store.claimDuePublications(batchSize);
        List<String> publishable = new java.util.ArrayList<>();
        for (String taskId : claimed) {
            if (store.find(taskId).map(task -> spool.holds(task.spoolFile())).orElse(false)) {
                publishable.add(taskId);
            } else {
                // checked by a replica whose spool this one cannot see: download it again here
                store.restartDelivery(taskId);
            }
        }
        return publishable;
    }
}
