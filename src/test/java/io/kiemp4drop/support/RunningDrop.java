package io.kiemp4drop.support;

import static org.awaitility.Awaitility.await;

import io.kiemp4drop.KieMp4Drop;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;

/**
 * The real application, started in this JVM through its own entry point (camel-main, the YAML routes,
 * application.properties), with test settings layered on top: fast ticks, temporary folders, the
 * loopback API.
 */
public final class RunningDrop implements RunningBundle, AutoCloseable {

    public static final String API_KEY = "test-key-3f9a7c21e5b84d06";

    private final KieMp4Drop app;
    private final CompletableFuture<Integer> exit;
    private final Path home;

    private RunningDrop(Path home, Map<String, String> settings) {
        this.home = home;
        this.app = new KieMp4Drop(settings);
        this.exit = CompletableFuture.supplyAsync(() -> app.run(), r -> {
            Thread t = new Thread(r, "kie-mp4-drop-under-test");
            t.setDaemon(true);
            t.start();
        });
    }

    /** Settings for a run against {@code apiBaseUrl} with its folders under {@code home}. */
    public static Map<String, String> settings(Path home, String apiBaseUrl) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("kie.api.base-url", apiBaseUrl);
        s.put("kie.api.key", API_KEY);
        s.put("kie.api.max-requests-per-second", "50");
        s.put("kie.api.response-timeout-ms", "2000");
        s.put("kie.api.connect-timeout-ms", "2000");
        s.put("kie.poll.tick", "100ms");
        s.put("kie.poll.period", "200ms");
        s.put("kie.poll.backoff-initial", "100ms");
        s.put("kie.poll.backoff-max", "400ms");
        s.put("kie.api.auth-pause", "1h");
        s.put("kie.inbox.dir", home.resolve("inbox").toString());
        s.put("kie.inbox.scan-period", "200ms");
        s.put("kie.drop.dir", home.resolve("drop").toString());
        s.put("kie.failed.dir", home.resolve("drop/failed").toString());
        s.put("kie.state.dir", home.resolve("state").toString());
        s.put("kie.download.allow-http", "true");
        s.put("kie.download.allowed-hosts", "127.0.0.1");
        s.put("kie.download.idle-timeout", "5s");
        s.put("kie.shutdown.timeout", "10s");
        s.put("kie.http.enabled", "false");
        return s;
    }

    /** Starts and waits until the Camel context runs (or the run already ended, e.g. refused to start). */
    public static RunningDrop start(Path home, Map<String, String> settings) {
        RunningDrop drop = new RunningDrop(home, settings);
        await().atMost(Duration.ofSeconds(30)).until(() -> drop.exit.isDone() || drop.isStarted());
        return drop;
    }

    private boolean isStarted() {
        CamelContext context = app.camelContext();
        return context != null && context.getStatus() == ServiceStatus.Started;
    }

    public CamelContext context() {
        return app.camelContext();
    }

    public Path home() {
        return home;
    }

    public Path drop() {
        return home.resolve("drop");
    }

    /** Waits for the process-level exit code (kie.exit-when-done, or a refused start). */
    public int awaitExit(Duration timeout) throws Exception {
        return exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws Exception {
        if (!exit.isDone()) {
            app.stop();
        }
        exit.get(60, TimeUnit.SECONDS);
    }
}
