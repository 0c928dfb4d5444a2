package io.kiemp4drop.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.apache.camel.Exchange;

/**
 * Guards the write operations of the task API with {@code Authorization: Bearer {kie.http.token}}.
 * Without a configured token, writes are disabled altogether (403), never open.
 */
public class WriteAccess {

    private final byte[] token;

    public WriteAccess(String token) {
        this.token = token == null || token.isBlank() ? null : token.trim().getBytes(StandardCharsets.UTF_8);
    }

    /** True when the request may write; otherwise the refusal is already in the exchange. */
    public boolean permits(Exchange exchange) {
        if (token == null) {
            Json.error(exchange, 403, "write operations are disabled: set kie.http.token (KIE_HTTP_TOKEN) to enable them");
            return false;
        }
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        byte[] offered = header != null && header.startsWith("Bearer ")
                ? header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(token, offered)) {
            Json.error(exchange, 401, "missing or wrong bearer token");
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer");
            return false;
        }
        return true;
    }
}
