package io.kiemp4drop;

import io.kiemp4drop.config.Configurations;
import io.kiemp4drop.demo.DemoMode;
import io.kiemp4drop.run.EarlySettings;
import io.kiemp4drop.run.Locations;
import io.kiemp4drop.run.LogFormat;
import io.kiemp4drop.run.RunControl;
import io.kiemp4drop.run.StartupChecks;
import io.kiemp4drop.validation.ConfigurationProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the route bundle with camel-main: settings from application.properties (the working folder's over the
 * jar's), routes from routes/ (the working folder's, else the jar's), beans from the configuration classes.
 */
public final class KieMp4Drop {

    static {
        // before the first logger exists: log4j2.properties picks its console layout from kie.log.format
        LogFormat.useOwnConfiguration();
        LogFormat.select();
    }

    private static final Logger LOG = LoggerFactory.getLogger(KieMp4Drop.class);
    private static final String DEMO = "demo";

    private final Main main = new Main();
    private final RunControl control = new RunControl(main::completed);
    private final Map<String, String> overrides;

    /** @param overrides settings that take precedence over the property files (used by tests) */
    public KieMp4Drop(Map<String, String> overrides) {
        this.overrides = overrides;
    }

    public static void main(String[] args) {
        System.exit(new KieMp4Drop(Map.of()).run(args));
    }

    /** Runs until stopped (or until done, with kie.exit-when-done) and returns the exit code. */
    public int run(String... args) {
        List<String> camelArgs = new ArrayList<>(List.of(args));
        boolean demo = camelArgs.remove("--demo") || Boolean.parseBoolean(setting("kie.demo"))
                || DEMO.equals(setting("camel.main.profile"));
        main.setDefaultPropertyPlaceholderLocation(Locations.properties(demo));
        main.configure().withRoutesIncludePattern(Locations.routes(setting("kie.routes.include")));
        if (demo) {
            main.configure().withProfile(DEMO);
            main.addMainListener(new DemoMode());
        }
        main.addMainListener(new StartupChecks());
        main.bind("runControl", control);
        // instances, not classes: camel-main would post-process a class twice and build every bean twice
        Configurations.all().forEach(main.configure()::addConfiguration);
        overrides.forEach(main::addOverrideProperty);
        try {
            main.run(camelArgs.toArray(String[]::new));
        } catch (Exception e) {
            LOG.error("kie-mp4-drop cannot start: {}", ConfigurationProblem.reasonOf(e));
            LOG.debug("start-up failure", e);
            return RunControl.CONFIGURATION_ERROR;
        }
        return control.exitCode();
    }

    /** Asks a running instance to stop gracefully (what SIGTERM does). */
    public void stop() {
        main.completed();
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    private String setting(String key) {
        return overrides.containsKey(key) ? overrides.get(key) : EarlySettings.read(key).orElse("");
    }
}
