package io.kiemp4drop.run;

import io.kiemp4drop.delivery.SpoolArea;
import io.kiemp4drop.metrics.KieMetrics;
import io.kiemp4drop.sink.S3Sink;
import io.kiemp4drop.store.Downloads;
import io.kiemp4drop.store.NotificationOutbox;
import io.kiemp4drop.store.SchemaMigration;
import io.kiemp4drop.store.TaskQueue;
import io.kiemp4drop.store.TaskQueue.Recovery;
import java.util.function.Supplier;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What runs once when the Camel context starts, before any route consumes: the task store's schema brought up
 * to date, downloads a stopped process left unfinished removed, the work it held taken back (all of it on the
 * embedded store; on a shared store what is leased under a stable kie.store.owner), the bundle's metrics
 * registered, and the S3 bucket checked when the S3 sink is on. A failure stops the start.
 */
public class StartupWork extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(StartupWork.class);

    private final SchemaMigration migration;
    private final SpoolArea spool;
    private final TaskQueue queue;
    private final NotificationOutbox outbox;
    private final Downloads downloads;
    private final KieMetrics metrics;
    private final boolean stableOwner;
    private final Supplier<S3Sink> s3Sink;

    /**
     * @param stableOwner kie.store.owner is set, so on a shared store the leases held under it are this replica's own
     * @param s3Sink      the S3 sink when it is configured, else null
     */
    public StartupWork(SchemaMigration migration, SpoolArea spool, TaskQueue queue, NotificationOutbox outbox,
            Downloads downloads, KieMetrics metrics, boolean stableOwner, Supplier<S3Sink> s3Sink) {
        this.downloads = downloads;
        this.migration = migration;
        this.spool = spool;
        this.queue = queue;
        this.outbox = outbox;
        this.metrics = metrics;
        this.stableOwner = stableOwner;
        this.s3Sink = s3Sink;
    }

    @Override
    protected void doStart() {
        migration.migrate();
        spool.prepare();
        spool.removeOrphans(queue.spoolFilesInUse());
        takeBackInterruptedWork();
        metrics.register();
        if (s3Sink != null) {
            s3Sink.get().checkAtStartup();
        }
    }

    private void takeBackInterruptedWork() {
        if (queue.isShared() && !stableOwner) {
            LOG.info("Shared task store: this replica is {}; leases of stopped replicas run out by themselves "
                    + "(set kie.store.owner to a stable, unique name to take them back at start)", queue.owner());
            return;
        }
        if (queue.isShared()) {
            LOG.info("Shared task store: this replica is {} (kie.store.owner); work it held at its last stop is taken back now",
                    queue.owner());
        }
        outbox.releaseClaims();
        if (!queue.isShared()) {
            // progress of downloads the stop cut short; the ones that start again record their own
            downloads.forgetAll();
        }
        Recovery recovery = queue.resumeAfterStop(spool::holds);
        if (recovery.pollsDueAgain() > 0) {
            LOG.info("{} poll(s) interrupted by the last stop are due again", recovery.pollsDueAgain());
        }
        if (recovery.resumedDeliveries() + recovery.restartedDeliveries() > 0) {
            LOG.info("Deliveries interrupted by the last stop: {} resume from the spool, {} start again from a poll",
                    recovery.resumedDeliveries(), recovery.restartedDeliveries());
        }
    }
}
