package io.kiemp4drop.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** A request the HTTP surface answers with an error status and a JSON reason (routeConfiguration api-errors). */
public class ApiRefusal extends RuntimeException {

    private final int status;
    private final Map<String, Object> answer;
    private String challenge = "Bearer";

    public ApiRefusal(int status, String reason) {
        this(status, reason, Map.of());
    }

    /** @param details extra fields of the JSON answer besides {@code error} */
    public ApiRefusal(int status, String reason, Map<String, Object> details) {
        super(reason);
        this.status = status;
        this.answer = new LinkedHashMap<>();
        this.answer.put("error", reason);
        this.answer.putAll(details);
    }

    /** The WWW-Authenticate challenge a 401 carries (default {@code Bearer}). */
    public ApiRefusal challenge(String value) {
        this.challenge = value;
        return this;
    }

    public String challenge() {
        return challenge;
    }

    public int status() {
        return status;
    }

    public Map<String, Object> answer() {
        return answer;
    }
}
