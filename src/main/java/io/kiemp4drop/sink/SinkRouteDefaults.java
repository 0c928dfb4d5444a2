package io.kiemp4drop.sink;

import org.apache.camel.model.ModelLifecycleStrategySupport;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.errorhandler.NoErrorHandlerDefinition;

/**
 * A sink route that chooses no route configuration hands its failures back to publish-video, as the built-in ones
 * do with sink-errors: Camel's default error handler would keep them to itself, and the task would never learn
 * that the sink failed. (The route's own configuration is merged before this hook runs, so the error handler is
 * set directly.)
 */
public class SinkRouteDefaults extends ModelLifecycleStrategySupport {

    @Override
    public void onAddRouteDefinition(RouteDefinition route) {
        String from = route.getInput() == null ? "" : route.getInput().getEndpointUri().replace("://", ":");
        if (from.startsWith(Sinks.ROUTE_PREFIX) && route.getRouteConfigurationId() == null) {
            route.setErrorHandlerFactory(new NoErrorHandlerDefinition());
        }
    }
}
