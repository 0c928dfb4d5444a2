package io.kiemp4drop.api;

import io.vertx.core.http.HttpHeaders;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * The HTTP server refuses a request body over camel.server.max-body-size (413) before any route sees it, with
 * a plain-text answer of its own; this answers it as a JSON document with {@code error}, like every other
 * refusal of the HTTP surface.
 */
public class OversizeBodyAnswer implements StartupListener {

    private static final int TOO_LARGE = 413;
    private static final String ANSWER = "{\"error\":\"the request body is larger than this server accepts\"}";

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the HTTP server and its routers are ready only once the context has fully started
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        for (VertxPlatformHttpRouter router : context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            router.route().failureHandler(request -> {
                if (request.statusCode() == TOO_LARGE && !request.response().headWritten()) {
                    request.response().setStatusCode(TOO_LARGE)
                            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(ANSWER);
                } else {
                    request.next();
                }
            });
        }
    }
}
