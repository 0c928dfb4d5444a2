package io.kiemp4drop.config;

import io.kiemp4drop.metrics.KieMetrics;
import io.kiemp4drop.store.GenerationLedger;
import io.kiemp4drop.store.NotificationOutbox;
import io.kiemp4drop.store.TaskReads;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/** The bundle's own metrics (kie_*), published with Camel's at /observe/metrics. */
public class MetricsBeans implements CamelConfiguration {

    @BindToRegistry("kieMetrics")
    public KieMetrics kieMetrics(CamelContext context, TaskReads reads, NotificationOutbox outbox, GenerationLedger generations) {
        return new KieMetrics(context, reads, outbox, generations);
    }
}
