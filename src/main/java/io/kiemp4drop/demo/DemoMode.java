package io.kiemp4drop.demo;

import io.kiemp4drop.demo.KieSimulator.Ending;
import java.util.UUID;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kie.demo=true (or --demo): starts the loopback simulator before the routes are built and points the
 * routes at it, so the whole flow runs with no account: three videos delivered, one failure reported.
 */
public class DemoMode extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(DemoMode.class);

    private KieSimulator simulator;

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        PropertiesComponent properties = main.getCamelContext().getPropertiesComponent();
        if (!Boolean.parseBoolean(properties.resolveProperty("kie.demo").orElse("false"))) {
            return;
        }
        String key = "demo-" + UUID.randomUUID();
        simulator = new KieSimulator(key)
                .task("demo-aurora", 2, Ending.SUCCESS, "/demo/sample-1.mp4")
                .task("demo-borealis", 3, Ending.SUCCESS, "/demo/sample-2.mp4")
                .task("demo-cascade", 1, Ending.SUCCESS, "/demo/sample-3.mp4")
                .task("demo-failed", 2, Ending.GENERATE_MP4_FAILED, null)
                .start();
        properties.addOverrideProperty("kie.api.base-url", simulator.baseUrl());
        properties.addOverrideProperty("kie.api.key", key);
        properties.addOverrideProperty("kie.task-ids", "demo-aurora,demo-borealis,demo-cascade,demo-failed");
        properties.addOverrideProperty("kie.poll.period", "1s");
        properties.addOverrideProperty("kie.poll.tick", "250ms");
        properties.addOverrideProperty("kie.api.max-requests-per-second", "10");
        properties.addOverrideProperty("kie.download.allow-http", "true");
        properties.addOverrideProperty("kie.download.allowed-hosts", "127.0.0.1");
        properties.addOverrideProperty("kie.exit-when-done", "true");
        properties.addOverrideProperty("kie.http.enabled", "false");
        LOG.info("Demo mode: simulated kie.ai API at {}; 4 tasks, 3 videos will land in {}", simulator.baseUrl(),
                properties.resolveProperty("kie.drop.dir").orElse("./drop"));
    }

    @Override
    public void afterStop(BaseMainSupport main) {
        if (simulator != null) {
            simulator.close();
        }
    }
}
