package io.kiemp4drop.config;

import io.kiemp4drop.delivery.SpoolArea;
import io.kiemp4drop.intake.TaskIntake;
import io.kiemp4drop.metrics.KieMetrics;
import io.kiemp4drop.run.RunCompletion;
import io.kiemp4drop.run.RunControl;
import io.kiemp4drop.run.StartupWork;
import io.kiemp4drop.sink.S3Sink;
import io.kiemp4drop.sink.Sinks;
import io.kiemp4drop.store.Downloads;
import io.kiemp4drop.store.GenerationLedger;
import io.kiemp4drop.store.NotificationOutbox;
import io.kiemp4drop.store.SchemaMigration;
import io.kiemp4drop.store.TaskQueue;
import io.kiemp4drop.store.TaskReads;
import io.kiemp4drop.store.TaskRegistry;
import java.nio.file.Path;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.Registry;

/** Intake of task IDs, the start-up work and kie.exit-when-done. */
public class RunBeans implements CamelConfiguration {

    @BindToRegistry("taskIntake")
    public TaskIntake taskIntake(TaskRegistry registry, @PropertyInject("kie.task-ids") String taskIds,
            @PropertyInject("kie.inbox.max-file-bytes") long maxFileBytes) {
        return new TaskIntake(registry, taskIds, maxFileBytes);
    }

    @BindToRegistry("startupWork")
    public StartupWork startupWork(SchemaMigration migration, SpoolArea spool, TaskQueue queue, NotificationOutbox outbox,
            KieMetrics metrics, @PropertyInject("kie.store.owner") String owner, Sinks sinks, Registry registry,
            Downloads downloads) {
        return new StartupWork(migration, spool, queue, outbox, downloads, metrics, !owner.isBlank(),
                sinks.uses(Sinks.S3) ? () -> registry.lookupByNameAndType("s3Sink", S3Sink.class) : null);
    }

    @BindToRegistry("runCompletion")
    public RunCompletion runCompletion(TaskReads reads, TaskIntake intake, GenerationLedger generations,
            @PropertyInject("kie.inbox.dir") String inboxDir, @BeanInject("runControl") RunControl control) {
        return new RunCompletion(reads, intake, generations, Path.of(inboxDir), control);
    }

    /** The start-up work runs when the context starts, before any route consumes. */
    @Override
    public void configure(CamelContext context) throws Exception {
        context.addService(context.getRegistry().lookupByNameAndType("startupWork", StartupWork.class));
    }
}
