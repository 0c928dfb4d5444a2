package io.kiemp4drop.demo;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The few HTTP chores of the simulator's handlers. */
final class SimulatorHttp {

    private SimulatorHttp() {
    }

    /** The query parameters (names and values as sent: the simulator's own are plain). */
    static Map<String, String> query(HttpExchange http) {
        Map<String, String> parameters = new HashMap<>();
        String query = http.getRequestURI().getRawQuery();
        for (String parameter : query == null ? new String[0] : query.split("&")) {
            int equals = parameter.indexOf('=');
            if (equals > 0) {
                parameters.put(parameter.substring(0, equals), parameter.substring(equals + 1));
            }
        }
        return parameters;
    }

    static void send(HttpExchange http, int status, String contentType, byte[] body) throws IOException {
        http.getResponseHeaders().set("Content-Type", contentType);
        http.sendResponseHeaders(status, body.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(body);
        }
    }

    /** The task's MP4, or 404 when there is no such task or it has no video. */
    static void serveVideo(HttpExchange http, SimulatedTask task) throws IOException {
        if (task == null || !task.hasVideo()) {
            http.sendResponseHeaders(404, -1);
            http.close();
            return;
        }
        http.getResponseHeaders().set("Content-Type", "video/mp4");
        http.sendResponseHeaders(200, task.videoSize());
        try (OutputStream out = http.getResponseBody()) {
            task.writeVideo(out);
        }
    }

    static String lines(Stream<String> lines) {
        return lines.map(line -> line + "\n").collect(Collectors.joining());
    }
}
