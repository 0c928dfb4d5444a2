package io.kiemp4drop.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.support.BundleRouteTest;
import io.kiemp4drop.support.Http;
import io.kiemp4drop.support.Settings;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.Test;

/** Camel's developer console and Jolokia: off unless asked for, and behind kie.http.read-token when it is set. */
@Settings("kie.http.enabled=true")
class CamelViewsTest extends BundleRouteTest {

    private static final Map<String, String> READER = Map.of("Authorization",
            "Basic " + Base64.getEncoder().encodeToString("operator:read-9d1".getBytes(StandardCharsets.UTF_8)));

    /** Camel's test support turns JMX off; the route console and Hawtio read Camel's MBeans, as in the jar. */
    @Override
    public void configureTest(TestExecutionConfiguration config) {
        super.configureTest(config);
        config.withJMX(true);
    }

    @Test
    void byDefaultNeitherIsServed() throws Exception {
        start();
        Http http = http();

        assertThat(http.get("/q/dev").statusCode()).isEqualTo(404);
        assertThat(http.get("/observe/jolokia/version").statusCode()).isEqualTo(404);
        assertThat(http.get("/observe/health").statusCode()).isEqualTo(200);
    }

    @Test
    @Settings({"kie.observe.dev-console=true", "kie.observe.jolokia=true", "kie.http.read-token=read-9d1"})
    void whenAskedForTheyServeTheRoutesToWhoeverHasTheReadToken() throws Exception {
        start();
        Http http = http();

        for (String path : new String[] {"/q/dev", "/q/dev/route", "/observe/jolokia/version"}) {
            HttpResponse<String> refused = http.get(path);
            assertThat(refused.statusCode()).as(path).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).as(path).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
            assertThat(http.get(path, Map.of("Authorization", "Bearer wrong")).statusCode()).as(path).isEqualTo(401);
        }
        HttpResponse<String> routes = http.get("/q/dev/route", READER);
        assertThat(routes.statusCode()).isEqualTo(200);
        assertThat(routes.body()).contains("poll-task").contains("deliver-video");
        JsonNode found = new ObjectMapper().readTree(http.get("/observe/jolokia/search/org.apache.camel:type=routes,*", READER).body());
        assertThat(found.path("value").toString()).as("Camel's route MBeans, what Hawtio shows").contains("poll-task");
        assertThat(http.get("/observe/health").statusCode()).as("probes stay open").isEqualTo(200);
    }
}
