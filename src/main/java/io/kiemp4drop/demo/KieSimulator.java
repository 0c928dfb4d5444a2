package io.kiemp4drop.demo;

import static io.kiemp4drop.demo.SimulatorHttp.lines;
import static io.kiemp4drop.demo.SimulatorHttp.query;
import static io.kiemp4drop.demo.SimulatorHttp.send;
import static io.kiemp4drop.demo.SimulatorHttp.serveVideo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * A stand-in for kie.ai and its file host on one loopback port, for the demo, the benchmark and the tests:
 * answers record-info for the tasks it was given (PENDING for a number of polls, or until released, then their
 * ending) and serves their MP4 files; {@code POST /api/v1/mp4/generate} makes new tasks and calls back when their
 * video is ready ({@link #generates}). Answers are built in advance, so the simulator costs the side being
 * measured as little as possible.
 *
 * <p>Control, for scripts: {@code POST /control/ready} releases every task ({@code ?taskId=} one) and answers
 * the time in epoch ms; {@code POST /control/reset} makes every task pending again and zeroes the counters;
 * {@code POST /control/tasks?count=N&bytes=B} replaces the tasks with N bench tasks (see {@link #benchTasks};
 * {@code &prefix=warm-} names them warm-0… instead of bench-0…);
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
    private static final String GENERATE = "/api/v1/mp4/generate";

    private final String apiKey;
    private final long recordInfoLatencyMillis;
    private final Map<String, SimulatedTask> tasks = new ConcurrentHashMap<>();
    private final List<String> order = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper();
    private final Instant created = Instant.now();
    private final SimulatorCounters counters = new SimulatorCounters();
    private final byte[] unknownTask;
    private final byte[] keyRejected;
    private volatile boolean allReady;
    private volatile SimulatedGenerations generations = new SimulatedGenerations(json, null, Duration.ofSeconds(1),
            id -> SimulatedTask.withVideo(id, UNTIL_READY, new GeneratedVideo(256 * 1024, 9)));
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

    /** A task answering PENDING {@code pendingPolls} times (or {@link #UNTIL_READY}), then ending; {@code resource}: its MP4. */
    public KieSimulator task(String id, int pendingPolls, Ending ending, String resource) {
        return add(SimulatedTask.withSample(id, pendingPolls, ending, resource));
    }

    /** A task that answers PENDING {@code pendingPolls} times (or {@link #UNTIL_READY}), then SUCCESS with {@code video}. */
    public KieSimulator task(String id, int pendingPolls, GeneratedVideo video) {
        return add(SimulatedTask.withVideo(id, pendingPolls, video));
    }

    /**
     * How {@code POST /api/v1/mp4/generate} behaves: each request makes a task that ends SUCCESS with the MP4 at
     * {@code resource} on the class path {@code readyAfter} later, when kie.ai's callback is sent, signed with
     * {@code hmacKey} (null: unsigned). Without this: a generated 256 KiB stand-in, ready after a second, unsigned.
     */
    public synchronized KieSimulator generates(String resource, Duration readyAfter, String hmacKey) {
        generations.close();
        generations = new SimulatedGenerations(json, hmacKey, readyAfter,
                id -> SimulatedTask.withSample(id, UNTIL_READY, Ending.SUCCESS, resource));
        return this;
    }

    /**
     * Replaces every task with {@code bench-0 … bench-(count-1)}, pending until released, all with the same
     * generated video of {@code videoBytes}, and zeroes the counters.
     */
    public KieSimulator benchTasks(int count, long videoBytes) {
        return benchTasks(count, videoBytes, "bench-");
    }

    private KieSimulator benchTasks(int count, long videoBytes, String prefix) {
        GeneratedVideo video = new GeneratedVideo(videoBytes, 1);
        return benchTasks(count, prefix, id -> SimulatedTask.withVideo(id, UNTIL_READY, video));
    }

    /** As {@link #benchTasks(int, long)}, every task serving these bytes. */
    public KieSimulator benchTasks(int count, byte[] video) {
        return benchTasks(count, "bench-", id -> SimulatedTask.withBytes(id, UNTIL_READY, video));
    }

    private synchronized KieSimulator benchTasks(int count, String prefix, Function<String, SimulatedTask> task) {
        tasks.clear();
        order.clear();
        IntStream.range(0, count).forEach(i -> add(task.apply(prefix + i)));
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
        server.createContext(GENERATE, this::generate);
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
        return counters.fileRequests();
    }

    @Override
    public void close() {
        generations.close();
        if (server != null) {
            server.stop(0);
            threads.shutdownNow();
        }
    }

    private void recordInfo(HttpExchange http) throws IOException {
        counters.recordInfoRequest();
        if (recordInfoLatencyMillis > 0) {
            LockSupport.parkNanos(recordInfoLatencyMillis * 1_000_000);
        }
        if (!authorised(http)) {
            send(http, 401, "application/json", keyRejected);
            return;
        }
        SimulatedTask task = tasks.get(query(http).getOrDefault("taskId", ""));
        send(http, 200, "application/json", task == null ? unknownTask : task.answer(allReady));
    }

    private boolean authorised(HttpExchange http) {
        return apiKey == null || ("Bearer " + apiKey).equals(http.getRequestHeaders().getFirst("Authorization"));
    }

    private void generate(HttpExchange http) throws IOException {
        if (!"POST".equals(http.getRequestMethod()) || !authorised(http)) {
            send(http, 401, "application/json", keyRejected);
            return;
        }
        SimulatedGenerations.Answer answer = generations.accept(http.getRequestBody().readNBytes(64 * 1024));
        if (answer.task() != null) {
            add(answer.task());
            generations.readyLater(tasks.get(answer.task().id()), answer.callbackUrl(), videoUrl(answer.task().id()));
        }
        send(http, answer.status(), "application/json", toJson(answer.envelope()));
    }

    private void file(HttpExchange http) throws IOException {
        counters.fileRequest();
        String name = http.getRequestURI().getPath().substring("/files/".length());
        serveVideo(http, tasks.get(name.endsWith(".mp4") ? name.substring(0, name.length() - 4) : ""));
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
                benchTasks(Integer.parseInt(query.getOrDefault("count", "0")), Long.parseLong(query.getOrDefault("bytes", "0")),
                        "warm-".equals(query.get("prefix")) ? "warm-" : "bench-");
                yield "tasks";
            }
            case "/control/stats" -> counters.stats();
            case "/control/urls" -> lines(inOrder().stream().filter(SimulatedTask::hasVideo).map(task -> videoUrl(task.id())));
            case "/control/ids" -> lines(inOrder().stream().map(SimulatedTask::id));
            default -> null;
        };
        send(http, answer == null ? 404 : 200, "text/plain", (answer == null ? "unknown" : answer).getBytes(StandardCharsets.UTF_8));
    }

    private void reset() {
        allReady = false;
        tasks.values().forEach(SimulatedTask::reset);
        counters.reset();
    }

    private synchronized List<SimulatedTask> inOrder() {
        return order.stream().map(tasks::get).toList();
    }

    private byte[] toJson(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
