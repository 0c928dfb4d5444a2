package io.kiemp4drop.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's kie.ai and file host on one loopback port: tasks {@code bench-0 … bench-(n-1)}, PENDING
 * until {@code POST /control/ready} (all, or {@code ?taskId=}), then SUCCESS with a video of the configured
 * size, served as a stream. Answers are precomputed, so the simulator costs the measured side as little
 * as possible, and the same files go to the product and to the curl baseline.
 *
 * <pre>java -cp … io.kiemp4drop.bench.BenchSimulator TASKS SIZE_BYTES PORT_FILE [RECORD_INFO_LATENCY_MS]</pre>
 */
public final class BenchSimulator {

    private static final int BLOCK = 1 << 20;

    private final int tasks;
    private final long size;
    private final long latencyMillis;
    private final byte[] block = new byte[BLOCK];
    private final ConcurrentHashMap<String, Boolean> ready = new ConcurrentHashMap<>();
    private volatile boolean allReady;
    private final AtomicLong recordInfoRequests = new AtomicLong();
    private final AtomicLong fileRequests = new AtomicLong();
    private volatile long firstRequestAt;
    private HttpServer server;

    private BenchSimulator(int tasks, long size, long latencyMillis) {
        this.tasks = tasks;
        this.size = size;
        this.latencyMillis = latencyMillis;
        new Random(1).nextBytes(block);
        byte[] header = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'};
        System.arraycopy(header, 0, block, 0, header.length);
    }

    public static void main(String[] args) throws Exception {
        BenchSimulator simulator = new BenchSimulator(Integer.parseInt(args[0]), Long.parseLong(args[1]),
                args.length > 3 ? Long.parseLong(args[3]) : 0);
        int port = simulator.start();
        Files.writeString(Path.of(args[2]), String.valueOf(port));
        Thread.currentThread().join();
    }

    private int start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        server.setExecutor(Executors.newFixedThreadPool(64));
        server.createContext("/api/v1/mp4/record-info", this::recordInfo);
        server.createContext("/files/", this::file);
        server.createContext("/control/", this::control);
        server.start();
        return server.getAddress().getPort();
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private boolean known(String id) {
        if (!id.startsWith("bench-")) {
            return false;
        }
        try {
            int n = Integer.parseInt(id.substring("bench-".length()));
            return n >= 0 && n < tasks;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void recordInfo(HttpExchange http) throws IOException {
        if (firstRequestAt == 0) {
            firstRequestAt = System.currentTimeMillis();
        }
        recordInfoRequests.incrementAndGet();
        if (latencyMillis > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(latencyMillis * 1_000_000);
        }
        String query = http.getRequestURI().getRawQuery();
        String id = query != null && query.startsWith("taskId=") ? query.substring(7) : "";
        String body;
        if (!known(id)) {
            body = "{\"code\":200,\"msg\":\"success\",\"data\":null}";
        } else if (allReady || ready.containsKey(id)) {
            body = "{\"code\":200,\"msg\":\"success\",\"data\":{\"taskId\":\"" + id + "\",\"musicId\":\"m-" + id
                    + "\",\"audioId\":1,\"successFlag\":\"SUCCESS\",\"createTime\":\"2026-11-01T00:00:00Z\","
                    + "\"completeTime\":\"2026-11-01T00:05:00Z\",\"response\":{\"videoUrl\":\"" + base() + "/files/" + id
                    + ".mp4\"}}}";
        } else {
            body = "{\"code\":200,\"msg\":\"success\",\"data\":{\"taskId\":\"" + id + "\",\"successFlag\":\"PENDING\"}}";
        }
        send(http, 200, body);
    }

    private void file(HttpExchange http) throws IOException {
        fileRequests.incrementAndGet();
        http.getResponseHeaders().set("Content-Type", "video/mp4");
        http.sendResponseHeaders(200, size);
        try (OutputStream out = http.getResponseBody()) {
            long left = size;
            while (left > 0) {
                int n = (int) Math.min(BLOCK, left);
                out.write(block, 0, n);
                left -= n;
            }
        }
    }

    private void control(HttpExchange http) throws IOException {
        String path = http.getRequestURI().getPath();
        String query = http.getRequestURI().getRawQuery();
        switch (path) {
            case "/control/ready" -> {
                if (query != null && query.startsWith("taskId=")) {
                    ready.put(query.substring(7), true);
                } else {
                    allReady = true;
                }
                send(http, 200, String.valueOf(System.currentTimeMillis()));
            }
            case "/control/reset" -> {
                allReady = false;
                ready.clear();
                recordInfoRequests.set(0);
                fileRequests.set(0);
                firstRequestAt = 0;
                send(http, 200, "reset");
            }
            case "/control/stats" -> send(http, 200, recordInfoRequests.get() + " " + fileRequests.get() + " " + firstRequestAt);
            case "/control/urls" -> {
                StringBuilder urls = new StringBuilder();
                for (int i = 0; i < tasks; i++) {
                    urls.append(base()).append("/files/bench-").append(i).append(".mp4\n");
                }
                send(http, 200, urls.toString());
            }
            case "/control/ids" -> {
                String[] ids = new String[tasks];
                Arrays.setAll(ids, i -> "bench-" + i);
                send(http, 200, String.join("\n", ids) + "\n");
            }
            default -> send(http, 404, "unknown");
        }
    }

    private static void send(HttpExchange http, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        http.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(bytes);
        }
    }
}
