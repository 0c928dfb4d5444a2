package io.kiemp4drop.support;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The events the webhook (POST /hook on the loopback kie.ai) received. */
public final class Hooks {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Hooks() {
    }

    /** Every event received, in order, refused ones included. */
    public static List<JsonNode> received(WireMockExtension server) {
        return server.findAll(postRequestedFor(urlPathEqualTo("/hook"))).stream().map(r -> {
            try {
                return JSON.readTree(r.getBodyAsString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    /** The last event received for {@code taskId}. */
    public static JsonNode eventOf(List<JsonNode> events, String taskId) {
        return events.stream().filter(e -> e.path("taskId").asText().equals(taskId)).reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("no event for " + taskId));
    }
}
