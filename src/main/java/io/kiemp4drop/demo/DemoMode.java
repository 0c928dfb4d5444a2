package io.kiemp4drop.demo;

import io.kiemp4drop.demo.KieSimulator.Ending;
import io.kiemp4drop.validation.ConfigurationProblem;
import io.kiemp4drop.validation.LogSafe;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo profile (--demo, camel.main.profile=demo): its settings come from application-demo.properties; this
 * starts the loopback kie.ai simulator those settings point at, scripted by kie.demo.tasks, before the routes
 * are built, and stops it at the end.
 */
public class DemoMode extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(DemoMode.class);

    private KieSimulator simulator;

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        PropertiesComponent properties = main.getCamelContext().getPropertiesComponent();
        simulator = new KieSimulator(properties.resolveProperty("kie.api.key").orElse(""));
        String script = properties.resolveProperty("kie.demo.tasks").orElse("");
        for (String entry : script.split(",")) {
            addTask(entry.strip());
        }
        simulator.start();
        properties.addOverrideProperty("kie.demo.simulator-port", String.valueOf(simulator.port()));
        LOG.info("Demo mode: simulated kie.ai API at {}; its videos land in {}", simulator.baseUrl(),
                properties.resolveProperty("kie.drop.dir").orElse("./drop"));
    }

    /** {@code id:pendingPolls:sample.mp4} ends SUCCESS with that sample video; {@code id:pendingPolls:FAILED} fails. */
    private void addTask(String entry) {
        String[] parts = entry.split(":");
        if (parts.length != 3 || !parts[1].matches("\\d{1,3}")) {
            throw new ConfigurationProblem("kie.demo.tasks: each entry is id:pendingPolls:sample.mp4 or id:pendingPolls:FAILED, not "
                    + LogSafe.quote(entry));
        }
        boolean fails = "FAILED".equals(parts[2]);
        simulator.task(parts[0], Integer.parseInt(parts[1]), fails ? Ending.GENERATE_MP4_FAILED : Ending.SUCCESS,
                fails ? null : "/kie-mp4-drop/demo/" + parts[2]);
    }

    @Override
    public void afterStop(BaseMainSupport main) {
        if (simulator != null) {
            simulator.close();
        }
    }
}
