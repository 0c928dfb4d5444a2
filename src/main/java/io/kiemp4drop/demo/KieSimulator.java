package io.kiemp4drop.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small stand-in for kie.ai on a loopback port: answers record-info for the tasks it was given
 * (PENDING for a number of polls, then their outcome) and serves their MP4 files.
 */
public class KieSimulator implements AutoCloseable {

    /** How a simulated task ends. */
    public enum Ending { SUCCESS, GENERATE_MP4_FAILED }

    private record SimulatedTask(String id, int pendingPolls, Ending ending, String resource, AtomicInteger polls) {
    }

    private final String apiKey;
    private final Map<String, SimulatedTask> tasks = new ConcurrentHashMap<>();
    private final ObjectMapper json = new ObjectMapper();
    private final Instant created = Instant.now();
    private HttpServer server;

    public KieSimulator(String apiKey) {
        this.apiKey = apiKey;
    }

    /** A task that answers PENDING {@code pendingPolls} times, then ends; {@code resource} is its MP4 on the class path. */
    public KieSimulator task(String id, int pendingPolls, Ending ending, String resource) {
        tasks.put(id, new SimulatedTask(id, pendingPolls, ending, resource, new AtomicInteger()));
        return this;
    }

    public KieSimulator start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a loopback port for the demo simulator", e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "kie-simulator");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/api/v1/mp4/record-info", this::recordInfo);
        server.createContext("/files/", this::file);
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void recordInfo(HttpExchange http) throws IOException {
        if (!("Bearer " + apiKey).equals(http.getRequestHeaders().getFirst("Authorization"))) {
            send(http, 401, Map.of("code", 401, "msg", "You do not have access permissions"));
            return;
        }
        String query = http.getRequestURI().getRawQuery();
        String id = query != null && query.startsWith("taskId=") ? query.substring("taskId=".length()) : "";
        SimulatedTask task = tasks.get(id);
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("code", 200);
        envelope.put("msg", "success");
        envelope.put("data", task == null ? null : data(task));
        send(http, 200, envelope);
    }

    private Map<String, Object> data(SimulatedTask task) {
        int poll = task.polls().incrementAndGet();
        boolean done = poll > task.pendingPolls();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("taskId", task.id());
        data.put("musicId", "music-" + task.id());
        data.put("audioId", Math.abs(task.id().hashCode() % 1000));
        data.put("createTime", created.toString());
        if (!done) {
            data.put("successFlag", "PENDING");
        } else if (task.ending() == Ending.SUCCESS) {
            data.put("successFlag", "SUCCESS");
            data.put("completeTime", Instant.now().toString());
            data.put("response", Map.of("videoUrl", baseUrl() + "/files/" + task.id() + ".mp4?token=demo-signature"));
        } else {
            data.put("successFlag", "GENERATE_MP4_FAILED");
            data.put("completeTime", Instant.now().toString());
            data.put("errorCode", 500);
            data.put("errorMessage", "The simulator failed this one on purpose");
        }
        return data;
    }

    private void file(HttpExchange http) throws IOException {
        String name = http.getRequestURI().getPath().substring("/files/".length());
        SimulatedTask task = tasks.get(name.endsWith(".mp4") ? name.substring(0, name.length() - 4) : "");
        if (task == null || task.resource() == null) {
            http.sendResponseHeaders(404, -1);
            http.close();
            return;
        }
        byte[] video;
        try (InputStream in = KieSimulator.class.getResourceAsStream(task.resource())) {
            video = in.readAllBytes();
        }
        http.getResponseHeaders().set("Content-Type", "video/mp4");
        http.sendResponseHeaders(200, video.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(video);
        }
    }

    private void send(HttpExchange http, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        http.getResponseHeaders().set("Content-Type", "application/json");
        http.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(bytes);
        }
    }
}
