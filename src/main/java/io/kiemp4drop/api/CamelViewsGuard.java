package io.kiemp4drop.api;

import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Puts Camel's own views, the developer console (/q/dev) and Jolokia (/observe/jolokia), behind kie.http.read-token
 * when it is set: Camel serves them from its HTTP server's router, outside any route, so the check is a handler on
 * that router that runs before theirs. Camel's own authentication settings cover one path only, hence this.
 */
public class CamelViewsGuard implements StartupListener {

    static final String[] GUARDED = {"/q/*", "/observe/jolokia*"};

    private final ReadAccess access;

    public CamelViewsGuard(ReadAccess access) {
        this.access = access;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the HTTP server is there once the context has started
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        if (access.isOpen()) {
            return;
        }
        // one router per port (platform-http-router-<port>): the application's, and management's when it has its own
        for (VertxPlatformHttpRouter router : context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            for (String path : GUARDED) {
                router.route(path).order(-1000).handler(this::check);
            }
        }
    }

    private void check(RoutingContext http) {
        if (access.allows(http.request().getHeader("Authorization"))) {
            http.next();
        } else {
            http.response().setStatusCode(401).putHeader("WWW-Authenticate", ReadAccess.CHALLENGE)
                    .putHeader("Content-Type", "application/json").end("{\"error\":\"" + ReadAccess.REFUSAL + "\"}");
        }
    }
}
