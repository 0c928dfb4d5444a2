package io.kiemp4drop.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.apache.camel.Header;

/**
 * Guards the write operations of the task API with {@code Authorization: Bearer {kie.http.token}}. Without a
 * configured token, writes are disabled altogether (403), never open.
 */
public class WriteAccess {

    private final byte[] token;

    public WriteAccess(String token) {
        this.token = token == null || token.isBlank() ? null : token.trim().getBytes(StandardCharsets.UTF_8);
    }

    /** Returns when the request may write; refuses it (403 / 401) otherwise. */
    public void check(@Header("Authorization") String authorization) {
        if (token == null) {
            throw new ApiRefusal(403, "write operations are disabled: set kie.http.token (KIE_HTTP_TOKEN) to enable them");
        }
        byte[] offered = authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(token, offered)) {
            throw new ApiRefusal(401, "missing or wrong bearer token");
        }
    }
}
