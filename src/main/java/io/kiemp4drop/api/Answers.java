package io.kiemp4drop.api;

import io.kiemp4drop.validation.LogSafe;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers of the HTTP surface: a status code and a document that the REST binding (or the route) turns into
 * JSON. Request headers are dropped first, so nothing a client sent (its Authorization header above all) is
 * echoed back.
 */
public class Answers {

    private static final Logger LOG = LoggerFactory.getLogger(Answers.class);

    /** Status 200: the document is the answer. */
    static <T> T ok(Exchange exchange, T document) {
        status(exchange, 200);
        return document;
    }

    static void status(Exchange exchange, int status) {
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
    }

    /** A refused request (bad input, no token, unknown task...): its status and reason. */
    public Map<String, Object> refused(Exchange exchange) {
        ApiRefusal refusal = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, ApiRefusal.class);
        status(exchange, refusal.status());
        if (refusal.status() == 401) {
            exchange.getMessage().setHeader("WWW-Authenticate", refusal.challenge());
        }
        return refusal.answer();
    }

    /** A body that is not the JSON the endpoint expects. */
    public Map<String, Object> unreadable(Exchange exchange) {
        status(exchange, 400);
        return Map.of("error", "the body is not the JSON this endpoint expects");
    }

    /** Whatever else went wrong inside: a 500 with the cause, never a stack trace. */
    public Map<String, Object> failed(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        LOG.error("HTTP request to {} failed: {}", exchange.getFromRouteId(), LogSafe.describe(error));
        status(exchange, 500);
        return Map.of("error", "internal error: " + LogSafe.describe(error));
    }
}
