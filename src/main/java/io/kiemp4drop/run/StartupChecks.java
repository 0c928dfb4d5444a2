package io.kiemp4drop.run;

import io.kiemp4drop.sink.Sinks;
import io.kiemp4drop.validation.ConfigurationProblem;
import io.kiemp4drop.validation.LogSafe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Refuses to start without an API key (the demo profile brings its own), with an HTTP port it cannot listen on, with route
 * reload on and no routes/ folder to watch, or with a sink in kie.sinks that no route serves; serves the OpenAPI document only with the HTTP surface; applies the
 * shutdown timeout.
 */
public class StartupChecks extends MainListenerSupport {

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        PropertiesComponent properties = main.getCamelContext().getPropertiesComponent();
        if (properties.resolveProperty("kie.api.key").orElse("").isBlank()) {
            throw new ConfigurationProblem("No kie.ai API key: set the KIE_API_KEY environment variable (or kie.api.key),"
                    + " or run the built-in demo with --demo");
        }
        if (Boolean.parseBoolean(properties.resolveProperty("kie.http.enabled").orElse("true"))) {
            checkHttpPortIsFree(properties.resolveProperty("kie.http.host").orElse("0.0.0.0"),
                    properties.resolveProperty("kie.http.port").orElse("8080"));
            // Camel builds the OpenAPI route whenever a context path is set, and it needs the HTTP server
            properties.resolveProperty("kie.http.openapi-path").filter(path -> !path.isBlank())
                    .ifPresent(path -> properties.addOverrideProperty("camel.rest.api-context-path", path));
        }
        if (Boolean.parseBoolean(properties.resolveProperty("kie.routes.reload").orElse("false"))
                && !Locations.hasRoutesFolder()) {
            throw new ConfigurationProblem("kie.routes.reload=true needs a routes/ folder in the working folder to watch;"
                    + " the routes shipped in the jar cannot be edited");
        }
    }

    /** Each name in kie.sinks must be a route from direct:sink-{name}: one of ours, or a file in kie.routes.include. */
    static void checkEverySinkHasARoute(CamelContext context) {
        Set<String> inputs = ((ModelCamelContext) context).getRouteDefinitions().stream()
                .map(route -> route.getInput().getEndpointUri().replace("://", ":")).collect(Collectors.toSet());
        Sinks sinks = context.getRegistry().lookupByNameAndType("sinks", Sinks.class);
        for (String name : sinks.names()) {
            if (!inputs.contains(Sinks.route(name))) {
                throw new ConfigurationProblem("kie.sinks names " + name + " but no route starts from " + Sinks.route(name)
                        + " (add its route file to kie.routes.include)");
            }
        }
    }

    /**
     * The HTTP server binds on an event-loop thread and only logs when the port is taken, which would leave the
     * bundle running without its task API, callbacks, health and metrics; a probe before start turns that into
     * a refusal to start.
     */
    static void checkHttpPortIsFree(String host, String portText) {
        int port;
        try {
            port = Integer.parseInt(portText.trim());
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new ConfigurationProblem("kie.http.port must be a port number from 1 to 65535, not '"
                    + LogSafe.escape(portText) + "'");
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new ConfigurationProblem("Cannot listen on " + LogSafe.escape(host) + ":"
                    + port + " (kie.http.host / kie.http.port): " + LogSafe.escape(e.getMessage())
                    + "; free the port, choose another one, or set kie.http.enabled=false");
        }
    }

    @Override
    public void afterConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        checkEverySinkHasARoute(context);
        String timeout = context.getPropertiesComponent().resolveProperty("kie.shutdown.timeout").orElse("120s");
        Duration shutdown = context.getTypeConverter().convertTo(Duration.class, timeout);
        context.getShutdownStrategy().setTimeout(Math.max(1, shutdown.toSeconds()));
    }
}
