package io.kiemp4drop.embed;

import io.kiemp4drop.config.Configurations;
import io.kiemp4drop.run.Locations;
import io.kiemp4drop.run.RunControl;
import io.kiemp4drop.run.StartupChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * The whole bundle — poll, route on successFlag, download, check, spool, publish, its store — running in a Camel
 * context of its own inside someone else's application, with its only sink route ({@code sink-kamelet}) handing
 * each message to that application. It reads the jar's defaults and the settings it is given, nothing else: not
 * the application's properties, system properties or environment variables, not a routes/ folder.
 */
final class EmbeddedBundle {

    static final String SINK = "kamelet";

    private final Main main = new Main();

    EmbeddedBundle(String name, Map<String, String> settings, KameletHandOff handOff) {
        main.setDefaultPropertyPlaceholderLocation(Locations.propertiesInJar());
        List<String> routes = new ArrayList<>(RouteFiles.in(Locations.DEFAULTS + Locations.ROUTES_FOLDER));
        routes.addAll(RouteFiles.in(Locations.DEFAULTS + "embedded"));
        main.configure().withRoutesIncludePattern(String.join(",", routes));
        main.configure().setAutoConfigurationEnvironmentVariablesEnabled(false);
        main.configure().setAutoConfigurationSystemPropertiesEnabled(false);
        main.addMainListener(new Isolated());
        main.addMainListener(new StartupChecks());
        main.bind("runControl", new RunControl(() -> { }));
        main.bind("kameletHandOff", handOff);
        Configurations.all().forEach(main.configure()::addConfiguration);
        main.addOverrideProperty("camel.main.name", name);
        // one line in the application's log instead of the bundle's fifty routes
        main.addOverrideProperty("camel.main.startup-summary-level", "Oneline");
        settings.forEach(main::addOverrideProperty);
    }

    void start() throws Exception {
        main.start();
    }

    void stop() throws Exception {
        main.stop();
    }

    /** The application's environment and system properties are its own: none of them reaches the bundle's placeholders. */
    private static final class Isolated extends MainListenerSupport {
        @Override
        public void beforeInitialize(BaseMainSupport main) {
            PropertiesComponent properties = (PropertiesComponent) main.getCamelContext().getPropertiesComponent();
            properties.setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
            properties.setSystemPropertiesMode(PropertiesComponent.SYSTEM_PROPERTIES_MODE_NEVER);
        }
    }
}
