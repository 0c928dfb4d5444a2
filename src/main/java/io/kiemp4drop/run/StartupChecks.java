package io.kiemp4drop.run;

import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;

/** Refuses to start without an API key (outside demo mode) and applies the shutdown timeout. */
public class StartupChecks extends MainListenerSupport {

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        PropertiesComponent properties = main.getCamelContext().getPropertiesComponent();
        boolean demo = Boolean.parseBoolean(properties.resolveProperty("kie.demo").orElse("false"));
        String key = properties.resolveProperty("kie.api.key").orElse("");
        if (key.isBlank() && !demo) {
            throw new ConfigurationProblem("No kie.ai API key: set the KIE_API_KEY environment variable (or kie.api.key),"
                    + " or run the built-in demo with --demo");
        }
    }

    @Override
    public void afterConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        PropertiesComponent properties = context.getPropertiesComponent();
        String timeout = properties.resolveProperty("kie.shutdown.timeout").orElse("120s");
        Duration shutdown = context.getTypeConverter().convertTo(Duration.class, timeout);
        context.getShutdownStrategy().setTimeout(Math.max(1, shutdown.toSeconds()));
    }
}
