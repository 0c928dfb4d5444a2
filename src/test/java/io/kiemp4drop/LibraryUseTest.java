package io.kiemp4drop;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.Test;

/**
 * The bundle's classes on the class path of someone else's camel-main application start nothing of ours: no routes,
 * no beans, no HTTP server, until that application asks for them. Its resources sit under kie-mp4-drop/, out of the
 * way of an application's own (camel/, db/, its logging configuration).
 */
class LibraryUseTest {

    @Test
    void aPlainCamelMainApplicationGetsNothingOfOursByHavingUsOnItsClassPath() throws Exception {
        Main main = new Main();
        main.configure().withDurationMaxSeconds(1);
        main.start();
        try {
            CamelContext context = main.getCamelContext();
            assertThat(context.getRoutes()).isEmpty();
            Registry registry = context.getRegistry();
            assertThat(registry.lookupByName("taskQueue")).isNull();
            assertThat(registry.lookupByName("startupWork")).isNull();
            assertThat(registry.findByType(org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter.class)).isEmpty();
        } finally {
            main.stop();
        }
        for (String ours : new String[] {"db/schema-v1.sql", "camel/", "log4j2.properties", "kie-mp4-drop/db/schema-v1.sql",
                "kie-mp4-drop/log4j2.properties"}) {
            boolean present = LibraryUseTest.class.getClassLoader().getResource(ours) != null;
            assertThat(present).as(ours).isEqualTo(ours.startsWith("kie-mp4-drop/"));
        }
    }
}
