package io.kiemp4drop.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.apache.camel.Header;

/**
 * Guards the reads (task and generation lists, the overview, the operator page) with {@code kie.http.read-token}
 * when one is set; open otherwise, as before. The token comes as {@code Authorization: Bearer <token>} from
 * scripts, or as the password of HTTP Basic from a browser, which asks for it once and sends it with every request
 * of the page.
 */
public class ReadAccess {

    static final String CHALLENGE = "Basic realm=\"kie-mp4-drop\", charset=\"UTF-8\"";
    static final String REFUSAL = "reads need kie.http.read-token: send it as a bearer token, or as the password of HTTP Basic";

    private final byte[] token;

    public ReadAccess(String token) {
        this.token = token == null || token.isBlank() ? null : token.trim().getBytes(StandardCharsets.UTF_8);
    }

    public boolean isOpen() {
        return token == null;
    }

    /** Returns when the request may read; refuses it (401, with a Basic challenge) otherwise. */
    public void check(@Header("Authorization") String authorization) {
        if (!allows(authorization)) {
            throw new ApiRefusal(401, REFUSAL).challenge(CHALLENGE);
        }
    }

    /** Whether a request with this Authorization header may read. */
    public boolean allows(String authorization) {
        return token == null || MessageDigest.isEqual(token, offered(authorization));
    }

    private static byte[] offered(String authorization) {
        if (authorization == null) {
            return new byte[0];
        }
        if (authorization.startsWith("Bearer ")) {
            return authorization.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
        }
        if (authorization.startsWith("Basic ")) {
            try {
                String pair = new String(Base64.getDecoder().decode(authorization.substring("Basic ".length()).trim()),
                        StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                return colon < 0 ? new byte[0] : pair.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return new byte[0];
            }
        }
        return new byte[0];
    }
}
