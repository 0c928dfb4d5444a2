package io.kiemp4drop.embed;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.kiemp4drop.support.KieApi;
import io.kiemp4drop.support.LogCapture;
import io.kiemp4drop.support.Mp4s;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kie-mp4-source Kamelet in a plain camel-main application, found on the class path by Camel's kamelet
 * component, against kie.ai on loopback: what the route gets, in which order, exactly once across restarts, and
 * what a failing route costs (no second download).
 */
class KieMp4SourceKameletTest {

    private static final String KEY = "kamelet-secret-key-4711";

    @RegisterExtension
    static final WireMockExtension API = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    @TempDir
    Path home;

    private final KieApi kie = new KieApi(API);
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
    private LogCapture log;
    private Main app;

    @BeforeEach
    void captureLog() {
        log = LogCapture.install();
    }

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.stop();
        }
        log.close();
        assertThat(log.all()).doesNotContain(KEY);
    }

    @Test
    void eachVideoReachesTheRouteOnceSidecarFirstAndNeverAgainAfterARestart() throws Exception {
        byte[] one = kie.serveSuccess("task-one", Mp4s.of(300_000, 1));
        byte[] two = kie.serveSuccess("task-two", Mp4s.of(200_000, 2));
        Path out = home.resolve("videos");

        app = start("task-one,task-two", out);

        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(out.resolve("task-two.mp4"))
                && Files.exists(out.resolve("task-one.mp4")));
        assertThat(out.resolve("task-one.mp4")).hasBinaryContent(one);
        assertThat(out.resolve("task-two.mp4")).hasBinaryContent(two);
        assertThat(Files.readString(out.resolve("task-one.json"))).contains("\"sha256\" : \"" + Mp4s.sha256(one) + "\"");
        assertThat(received.stream().filter(line -> line.contains("task-one")))
                .containsExactly("sidecar task-one task-one.json " + Mp4s.sha256(one) + " " + one.length + " String",
                        "video task-one task-one.mp4 " + Mp4s.sha256(one) + " " + one.length + " File");
        API.verify(KieApi.recordInfoRequests("task-one").withHeader("Authorization", equalTo("Bearer " + KEY)));

        app.stop();
        kie.serveSuccess("task-three", Mp4s.of(100_000, 3));
        received.clear();
        app = start("task-one,task-two,task-three", out);

        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(out.resolve("task-three.mp4")));
        assertThat(received).extracting(line -> line.split(" ")[1]).containsOnly("task-three");
        assertThat(kie.downloads("task-one")).isEqualTo(1);
        assertThat(kie.downloads("task-two")).isEqualTo(1);
    }

    @Test
    void aRouteThatThrowsGetsTheVideoAgainWithoutASecondDownload() throws Exception {
        byte[] video = kie.serveSuccess("task-flaky", Mp4s.of(150_000, 4));
        failuresLeft.put("task-flaky", new AtomicInteger(2));
        Path out = home.resolve("videos");

        app = start("task-flaky", out);

        await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(out.resolve("task-flaky.mp4")));
        assertThat(out.resolve("task-flaky.mp4")).hasBinaryContent(video);
        assertThat(received.stream().filter(line -> line.startsWith("video"))).hasSize(3);
        assertThat(kie.downloads("task-flaky")).isEqualTo(1);
    }

    @Test
    void theApplicationsSystemPropertiesDoNotReachTheEmbeddedBundle() throws Exception {
        byte[] video = kie.serveSuccess("task-isolated", Mp4s.of(120_000, 5));
        Path out = home.resolve("videos");
        // would stop the start (a poster frame needs kie.media.ffmpeg) if it reached the bundle
        System.setProperty("kie.media.poster", "true");
        try {
            app = start("task-isolated", out);
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(out.resolve("task-isolated.mp4")));
        } finally {
            System.clearProperty("kie.media.poster");
        }
        assertThat(out.resolve("task-isolated.mp4")).hasBinaryContent(video);
    }

    @Test
    void aMissingApiKeyStopsTheRouteFromStartingWithOneClearLine() {
        app = new Main();
        app.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("kamelet:kie-mp4-source?taskIds=task-x&stateDir=" + home.resolve("state")).to("log:never");
            }
        });
        assertThatThrownBy(app::start)
                .hasStackTraceContaining("Route template kie-mp4-source the following mandatory parameters must be provided: apiKey");
    }

    @Test
    void aBadObjectNameIsRefusedWhenTheRouteStartsNamingTheProperty() {
        app = new Main();
        app.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("kamelet:kie-mp4-source?apiKey=RAW(" + KEY + ")&taskIds=task-x&objectName=../{taskId}&stateDir="
                        + home.resolve("state")).to("log:never");
            }
        });
        assertThatThrownBy(app::start).hasStackTraceContaining(
                "kie-mp4-source-1 cannot start: objectName '../{taskId}' has an empty, '.' or '..' folder");
    }

    private Main start(String taskIds, Path out) throws Exception {
        Main main = new Main();
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("kamelet:kie-mp4-source?apiKey=RAW(" + KEY + ")&taskIds=" + taskIds + "&baseUrl=" + kie.baseUrl()
                        + "&pollPeriod=1s&retryDelay=1s&allowHttp=true&allowedHosts=127.0.0.1&stateDir=" + home.resolve("state"))
                        .process(exchange -> {
                            Map<String, Object> h = exchange.getMessage().getHeaders();
                            Object body = exchange.getMessage().getBody();
                            received.add(h.get("KieKind") + " " + h.get("KieTaskId") + " " + h.get("KieObjectName") + " "
                                    + h.get("KieSha256") + " " + h.get("KieBytes") + " "
                                    + (body instanceof File ? "File" : body.getClass().getSimpleName()));
                            AtomicInteger left = failuresLeft.get(String.valueOf(h.get("KieTaskId")));
                            if ("video".equals(h.get("KieKind")) && left != null && left.getAndDecrement() > 0) {
                                throw new IllegalStateException("downstream refused the video");
                            }
                        })
                        .to("file:" + out + "?fileName=${header.KieObjectName}");
            }
        });
        main.start();
        return main;
    }
}
