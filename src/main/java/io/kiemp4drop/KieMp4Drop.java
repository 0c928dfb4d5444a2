package io.kiemp4drop;

import io.kiemp4drop.demo.DemoMode;
import io.kiemp4drop.run.ConfigurationProblem;
import io.kiemp4drop.run.LogFormat;
import io.kiemp4drop.run.RunControl;
import io.kiemp4drop.run.StartupChecks;
import io.kiemp4drop.validation.LogSafe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the route bundle with camel-main: settings from ./application.properties (overridable by
 * system properties and environment variables), routes from ./routes/*.yaml, beans from {@link KieBeans}.
 */
public final class KieMp4Drop {

    static {
        // before the first logger exists: log4j2.properties picks its console layout from this property
        LogFormat.select();
    }

    private static final Logger LOG = LoggerFactory.getLogger(KieMp4Drop.class);

    private final Main main = new Main();
    private final RunControl control = new RunControl(main::completed);

    /** @param overrides settings that take precedence over every other source (used by --demo and by tests) */
    public KieMp4Drop(Map<String, String> overrides) {
        main.setDefaultPropertyPlaceholderLocation("file:application.properties");
        // an instance, not the class: camel-main would post-process a class twice and build every bean twice
        main.configure().addConfiguration(new KieBeans());
        main.bind("runControl", control);
        main.addMainListener(new DemoMode());
        main.addMainListener(new StartupChecks());
        overrides.forEach(main::addOverrideProperty);
    }

    public static void main(String[] args) {
        System.exit(new KieMp4Drop(Map.of()).run(args));
    }

    /** Runs until stopped (or until done, with kie.exit-when-done) and returns the exit code. */
    public int run(String... args) {
        if (!Files.isRegularFile(Path.of("application.properties")) || !Files.isDirectory(Path.of("routes"))) {
            LOG.error("application.properties and routes/ not found in {}: start kie-mp4-drop from its own folder",
                    Path.of("").toAbsolutePath());
            return RunControl.CONFIGURATION_ERROR;
        }
        List<String> camelArgs = new ArrayList<>();
        for (String arg : args) {
            if ("--demo".equals(arg)) {
                main.addOverrideProperty("kie.demo", "true");
            } else {
                camelArgs.add(arg);
            }
        }
        try {
            main.run(camelArgs.toArray(String[]::new));
        } catch (Exception e) {
            LOG.error("kie-mp4-drop cannot start: {}", startupFailure(e));
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

    private static String startupFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConfigurationProblem) {
                return t.getMessage();
            }
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return LogSafe.escape(String.valueOf(root.getMessage()));
    }
}
