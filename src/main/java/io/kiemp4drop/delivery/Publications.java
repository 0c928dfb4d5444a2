package io.kiemp4drop.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.media.MediaFacts;
import io.kiemp4drop.metrics.KieMetrics;
import io.kiemp4drop.model.ExchangeNames;
import io.kiemp4drop.model.Publication;
import io.kiemp4drop.model.SpooledVideo;
import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.reports.RecordJson;
import io.kiemp4drop.sink.Sinks;
import io.kiemp4drop.store.DeliveryTransitions;
import io.kiemp4drop.store.GenerationLedger;
import io.kiemp4drop.store.LeaseLostException;
import io.kiemp4drop.store.TaskQueue;
import io.kiemp4drop.store.TaskReads;
import io.kiemp4drop.validation.LogSafe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks a checked video through the configured sinks: which still need it, which hold it, and the commit
 * once all of them do (the task becomes DELIVERED and the spooled copy is released).
 */
public class Publications {

    private static final Logger LOG = LoggerFactory.getLogger(Publications.class);

    private final TaskReads reads;
    private final TaskQueue queue;
    private final DeliveryTransitions transitions;
    private final SpoolArea spool;
    private final List<String> sinks;
    private final int batchSize;
    private final KieMetrics metrics;
    private final ObjectMapper json;
    private final ObjectNaming naming;
    private final GenerationLedger generations;

    public Publications(TaskReads reads, TaskQueue queue, DeliveryTransitions transitions, SpoolArea spool,
            Sinks sinks, int batchSize, KieMetrics metrics, ObjectMapper json, ObjectNaming naming, GenerationLedger generations) {
        this.generations = generations;
        this.reads = reads;
        this.queue = queue;
        this.transitions = transitions;
        this.spool = spool;
        this.sinks = sinks.names();
        this.batchSize = batchSize;
        this.metrics = metrics;
        this.json = json;
        this.naming = naming;
    }

    /** The download passed its checks: from now on it is not downloaded again while the spool holds it. */
    public void spooled(SpooledVideo video) throws JsonProcessingException {
        transitions.recordSpooled(video, video.media() == null ? null : json.writeValueAsString(video.media()));
    }

    /**
     * The checked video, its object name and the sinks still missing it; a task another replica took over stops
     * here, and one whose object name another task holds fails (ObjectNameTakenException).
     */
    public Publication load(@ExchangeProperty(ExchangeNames.TASK_ID) String taskId) throws JsonProcessingException {
        if (!queue.holdsLease(taskId)) {
            throw new LeaseLostException(taskId);
        }
        TaskRecord task = reads.find(taskId).orElseThrow(() -> new LeaseLostException(taskId));
        List<String> pending = sinks.stream().filter(sink -> !task.sinkDone(sink)).toList();
        String objectName = naming.nameFor(taskId, RecordJson.parse(json, task.recordJson()));
        MediaFacts media = task.mediaJson() == null ? null : json.readValue(task.mediaJson(), MediaFacts.class);
        Path poster = task.posterFile() == null ? null : spool.recorded(task.posterFile());
        return new Publication(taskId, objectName, spool.recorded(task.spoolFile()), task.bytes(), task.sha256(), media,
                poster, Sidecar.of(task, json, poster == null ? null : Publication.posterNameFor(objectName),
                generations.forTask(taskId).orElse(null)), pending);
    }

    /**
     * One sink holds the video; {@code destination} says where (a sink that does not say is named with the
     * object name). Durable: that sink is never written again.
     */
    public void sinkDone(Publication publication, String sink, String destination) {
        transitions.recordSinkDone(publication.taskId(), sink, destination == null || destination.isBlank()
                ? sink + ":" + publication.videoName() : LogSafe.escape(destination));
    }

    /** Every configured sink holds the video: DELIVERED (its notification owed), and the spooled copy released. */
    public void delivered(@ExchangeProperty(ExchangeNames.PUBLICATION) Publication publication) {
        transitions.markDelivered(publication.taskId());
        spool.release(publication.video().getFileName().toString());
        TaskRecord task = reads.find(publication.taskId()).orElseThrow();
        LOG.info("Task {} delivered: {} ({} bytes, sha256 {})", task.taskId(), task.destination(), task.bytes(),
                task.sha256());
        metrics.delivered(task.bytes());
    }

    /**
     * Spooled deliveries whose publication is due again (a sink failed earlier, or the process restarted),
     * leased to this replica. One whose video this replica cannot see (spooled by another replica on a
     * spool it does not share) goes back to PENDING, to be downloaded again here.
     */
    public List<String> claimDue() {
        List<String> publishable = new ArrayList<>();
        for (String taskId : queue.claimDuePublications(batchSize)) {
            if (reads.find(taskId).map(task -> spool.holds(task.spoolFile())).orElse(false)) {
                publishable.add(taskId);
            } else {
                queue.restartDelivery(taskId);
            }
        }
        return publishable;
    }
}
