package io.kiemp4drop.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A stand-in for kie.ai and its file host on one loopback port, for the demo, the benchmark and the tests:
 * answers record-info for the tasks it was given (PENDING for a number of polls, or until released, then their
 * ending) and serves their MP4 files. Answers are built in advance, so the simulator costs the side being
 * measured as little as possible.
 *
 * <p>Control, for scripts: {@code POST /control/ready} releases every task ({@code ?taskId=} one) and answers
 * the time in epoch ms; {@code POST /control/reset} makes every task pending again and zeroes the counters;
 * {@code POST /control/tasks?count=N&bytes=B} replaces the tasks with N bench tasks (see {@link #benchTasks});
 * {@code GET /control/stats} is "recordInfoRequests fileRequests firstRequestEpochMs"; {@code GET /control/urls}
 * and {@code /control/ids} list the video URLs and task IDs, one a line.
 *
 * <pre>java -cp kie-mp4-drop.jar:lib/* io.kiemp4drop.demo.KieSimulator TASKS VIDEO_BYTES PORT_FILE [RECORD_INFO_LATENCY_MS]</pre>
 * starts with TASKS bench tasks of VIDEO_BYTES, accepts any API key, and writes its port to PORT_FILE.
 */
public class KieSimulator implements AutoCloseable {

    /** How a simulated task ends. */
    public enum Ending { SUCCESS, GENERATE_MP4_FAILED }

    /** As pendingPolls: PENDING until released ({@link #ready()}, {@code POST /control/ready}). */
    public static final int UNTIL_READY = -1;

    private static final String RECORD_INFO = "/api/v1/mp4/record-info";

    private final String apiKey;
    private final long recordInfoLatencyMillis;
    private final Map<String, SimulatedTask> tasks = new ConcurrentHashMap<>();
    private final List<String> order = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper();
    private final Instant created = Instant.now();
    private final AtomicLong recordInfoRequests = new AtomicLong();
    private final AtomicLong fileRequests = new AtomicLong();
    private final AtomicLong firstRequestAt = new AtomicLong();
    private final byte[] unknownTask;
    private final byte[] keyRejected;
    private volatile boolean allReady;
    private HttpServer server;
    private ExecutorService threads;

    /** Answers only requests that carry {@code apiKey} as their bearer token. */
    public KieSimulator(String apiKey) {
        this(apiKey, 0);
    }

    /**
     * @param apiKey                  the bearer token required, or null to accept any
     * @param recordInfoLatencyMillis how long each record-info answer takes, as a remote API would
     */
    public KieSimulator(String apiKey, long recordInfoLatencyMillis) {
        this.apiKey = apiKey;
        this.recordInfoLatencyMillis = recordInfoLatencyMillis;
        this.unknownTask = toJson(SimulatedTask.envelope(null));
        this.keyRejected = toJson(Map.of("code", 401, "msg", "You do not have access permissions"));
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 3) {
            System.err.println("usage: KieSimulator TASKS VIDEO_BYTES|VIDEO_FILE PORT_FILE [RECORD_INFO_LATENCY_MS]");
            System.exit(2);
        }
        // small answers would otherwise wait ~40 ms each for the client's delayed ACK (Nagle's algorithm)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        KieSimulator simulator = new KieSimulator(null, args.length > 3 ? Long.parseLong(args[3]) : 0).start();
        // VIDEO_FILE: a real MP4 of the caller's, for what a generated stand-in cannot show (held in memory)
        if (args[1].chars().allMatch(Character::isDigit)) {
            simulator.benchTasks(Integer.parseInt(args[0]), Long.parseLong(args[1]));
        } else {
            simulator.benchTasks(Integer.parseInt(args[0]), Files.readAllBytes(Path.of(args[1])));
        }
        Files.writeString(Path.of(args[2]), String.valueOf(simulator.port()));
        Thread.currentThread().join();
    }

    /**
     * A task that answers PENDING {@code pendingPolls} times (or {@link #UNTIL_READY}), then ends;
     * {@code resource} is its MP4 on the class path (unused when it fails).
     */
    public KieSimulator task(String id, int pendingPolls, Ending ending, String resource) {
        return add(SimulatedTask.withSample(id, pendingPolls, ending, resource));
    }

    /** A task that answers PENDING {@code pendingPolls} times (or {@link #UNTIL_READY}), then SUCCESS with {@code video}. */
    public KieSimulator task(String id, int pendingPolls, GeneratedVideo video) {
        return add(SimulatedTask.withVideo(id, pendingPolls, video));
    }

    /**
     * Replaces every task with {@code bench-0 … bench-(count-1)}, pending until released, all with the same
     * generated video of {@code videoBytes}, and zeroes the counters.
     */
    public KieSimulator benchTasks(int count, long videoBytes) {
        GeneratedVideo video = new GeneratedVideo(videoBytes, 1);
        return benchTasks(count, id -> SimulatedTask.withVideo(id, UNTIL_READY, video));
    }

    /** As {@link #benchTasks(int, long)}, every task serving these bytes. */
    public KieSimulator benchTasks(int count, byte[] video) {
        return benchTasks(count, id -> SimulatedTask.withBytes(id, UNTIL_READY, video));
    }

    private synchronized KieSimulator benchTasks(int count, Function<String, SimulatedTask> task) {
        tasks.clear();
        order.clear();
        IntStream.range(0, count).forEach(i -> add(task.apply("bench-" + i)));
        reset();
        return this;
    }

    private synchronized KieSimulator add(SimulatedTask task) {
        if (tasks.put(task.id(), task) == null) {
            order.add(task.id());
        }
        if (server != null) {
            task.prepare(json, created, videoUrl(task.id()));
        }
        return this;
    }

    public synchronized KieSimulator start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a loopback port for the kie.ai simulator", e);
        }
        threads = Executors.newFixedThreadPool(64, r -> {
            Thread t = new Thread(r, "kie-simulator");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext(RECORD_INFO, this::recordInfo);
        server.createContext("/files/", this::file);
        server.createContext("/control/", this::control);
        tasks.values().forEach(task -> task.prepare(json, created, videoUrl(task.id())));
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public String videoUrl(String taskId) {
        return baseUrl() + "/files/" + taskId + ".mp4";
    }

    /** Ends every task at its next poll; returns the time in epoch ms. */
    public long ready() {
        allReady = true;
        return System.currentTimeMillis();
    }

    /** Ends one task at its next poll; returns the time in epoch ms. */
    public long ready(String taskId) {
        Optional.ofNullable(tasks.get(taskId)).ifPresent(SimulatedTask::release);
        return System.currentTimeMillis();
    }

    public long fileRequests() {
        return fileRequests.get();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            threads.shutdownNow();
        }
    }

    private void recordInfo(HttpExchange http) throws IOException {
        recordInfoRequests.incrementAndGet();
        firstRequestAt.compareAndSet(0, System.currentTimeMillis());
        if (recordInfoLatencyMillis > 0) {
            LockSupport.parkNanos(recordInfoLatencyMillis * 1_000_000);
        }
        if (apiKey != null && !("Bearer " + apiKey).equals(http.getRequestHeaders().getFirst("Authorization"))) {
            send(http, 401, "application/json", keyRejected);
            return;
        }
        SimulatedTask task = tasks.get(query(http).getOrDefault("taskId", ""));
        send(http, 200, "application/json", task == null ? unknownTask : task.answer(allReady));
    }

    private void file(HttpExchange http) throws IOException {
        fileRequests.incrementAndGet();
        String name = http.getRequestURI().getPath().substring("/files/".length());
        SimulatedTask task = tasks.get(name.endsWith(".mp4") ? name.substring(0, name.length() - 4) : "");
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

    private void control(HttpExchange http) throws IOException {
        Map<String, String> query = query(http);
        String answer = switch (http.getRequestURI().getPath()) {
            case "/control/ready" -> String.valueOf(query.containsKey("taskId") ? ready(query.get("taskId")) : ready());
            case "/control/reset" -> {
                reset();
                yield "reset";
            }
            case "/control/tasks" -> {
                benchTasks(Integer.parseInt(query.getOrDefault("count", "0")), Long.parseLong(query.getOrDefault("bytes", "0")));
                yield "tasks";
            }
            case "/control/stats" -> recordInfoRequests.get() + " " + fileRequests.get() + " " + firstRequestAt.get();
            case "/control/urls" -> lines(inOrder().stream().filter(SimulatedTask::hasVideo).map(task -> videoUrl(task.id())));
            case "/control/ids" -> lines(inOrder().stream().map(SimulatedTask::id));
            default -> null;
        };
        send(http, answer == null ? 404 : 200, "text/plain", (answer == null ? "unknown" : answer).getBytes(StandardCharsets.UTF_8));
    }

    private void reset() {
        allReady = false;
        tasks.values().forEach(SimulatedTask::reset);
        recordInfoRequests.set(0);
        fileRequests.set(0);
        firstRequestAt.set(0);
    }

    private synchronized List<SimulatedTask> inOrder() {
        return order.stream().map(tasks::get).toList();
    }

    private static String lines(Stream<String> lines) {
        return lines.map(line -> line + "\n").collect(Collectors.joining());
    }

    /** The query parameters (names and values as sent: the simulator's own are plain). */
    private static Map<String, String> query(HttpExchange http) {
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

    private static void send(HttpExchange http, int status, String contentType, byte[] body) throws IOException {
        http.getResponseHeaders().set("Content-Type", contentType);
        http.sendResponseHeaders(status, body.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(body);
        }
    }

    private byte[] toJson(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
