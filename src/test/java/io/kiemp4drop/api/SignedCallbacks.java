package io.kiemp4drop.api;

import io.kiemp4drop.support.Http;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** kie.ai's callbacks as kie.ai sends them, signed with {@link #KEY}. */
public final class SignedCallbacks {

    public static final String KEY = "webhook-key-0a7f";
    static final String PATH = "/callback/mp4";

    private final Http http;

    public SignedCallbacks(Http http) {
        this.http = http;
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    static String sign(String taskId, long timestamp) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal((taskId + "." + timestamp).getBytes(StandardCharsets.UTF_8)));
    }

    /** The documented body, with a video URL that must never be fetched. */
    static String body(String taskId) {
        return "{\"code\":200,\"msg\":\"MP4 generated successfully.\",\"data\":{\"task_id\":\"" + taskId
                + "\",\"video_url\":\"http://169.254.169.254/never-fetched.mp4\"}}";
    }

    HttpResponse<String> send(String taskId, long timestamp, String signature) throws Exception {
        return send(PATH, taskId, timestamp, signature);
    }

    /** Signed now, to the callback URL a generation request gave kie.ai: {@code ?request=<request ID>}. */
    public HttpResponse<String> signedForRequest(String taskId, String requestId) throws Exception {
        long timestamp = now();
        return send(PATH + "?request=" + requestId, taskId, timestamp, sign(taskId, timestamp));
    }

    private HttpResponse<String> send(String path, String taskId, long timestamp, String signature) throws Exception {
        return http.post(path, "application/json", body(taskId),
                Map.of("X-Webhook-Timestamp", String.valueOf(timestamp), "X-Webhook-Signature", signature));
    }

    HttpResponse<String> signed(String taskId, long timestamp) throws Exception {
        return send(taskId, timestamp, sign(taskId, timestamp));
    }

    HttpResponse<String> unsigned(String body) throws Exception {
        return http.post(PATH, "application/json", body, Map.of());
    }
}
