package io.kiemp4drop.e2e;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.kiemp4drop.support.ExampleApp;
import io.kiemp4drop.support.KieApi;
import io.kiemp4drop.support.Mp4s;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two example applications under examples/ — camel-main and Camel Spring Boot, each a YAML route from
 * kamelet:kie-mp4-source to a folder — built by the invoker against this build's jar and run as their own
 * processes against kie.ai on loopback, configured the way their README says (environment variables).
 */
@Execution(ExecutionMode.CONCURRENT)
class ExamplesIT {

    private static final String KEY = "example-secret-key-2718";
    // one kie.ai per test: the tests run side by side, and a shared server's stubs are reset before each test
    @RegisterExtension
    final WireMockExtension api = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    @TempDir
    Path home;

    private final KieApi kie = new KieApi(api);

    @ParameterizedTest
    @ValueSource(strings = {"camel-main", "spring-boot"})
    void deliversEveryVideoOnceAndNothingAgainAfterARestart(String example) throws Exception {
        byte[] one = kie.serveSuccess(example + "-one", Mp4s.of(400_000, 11));
        byte[] two = kie.serveSuccess(example + "-two", Mp4s.of(250_000, 12));
        Path videos = home.resolve("videos");

        String first;
        try (ExampleApp app = start(example, settings(example + "-one," + example + "-two"))) {
            await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(videos.resolve(example + "-one.mp4"))
                    && Files.exists(videos.resolve(example + "-two.mp4")));
            app.stop();
            first = app.output();
        }
        assertThat(videos.resolve(example + "-one.mp4")).hasBinaryContent(one);
        assertThat(videos.resolve(example + "-two.mp4")).hasBinaryContent(two);
        assertThat(Files.readString(videos.resolve(example + "-one.json"))).contains(Mp4s.sha256(one));
        assertThat(first).contains("video " + example + "-one.mp4 written", "sidecar " + example + "-one.json written");
        long firstWrite = Files.getLastModifiedTime(videos.resolve(example + "-one.mp4")).toMillis();

        byte[] three = kie.serveSuccess(example + "-three", Mp4s.of(100_000, 13));
        String second;
        try (ExampleApp app = start(example, settings(example + "-one," + example + "-two," + example + "-three"))) {
            await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(videos.resolve(example + "-three.mp4")));
            app.stop();
            second = app.output();
        }
        assertThat(videos.resolve(example + "-three.mp4")).hasBinaryContent(three);
        assertThat(second).contains("video " + example + "-three.mp4 written")
                .doesNotContain("video " + example + "-one.mp4 written", "video " + example + "-two.mp4 written");
        assertThat(Files.getLastModifiedTime(videos.resolve(example + "-one.mp4")).toMillis()).isEqualTo(firstWrite);
        assertThat(kie.downloads(example + "-one")).isEqualTo(1);
        assertThat(kie.downloads(example + "-two")).isEqualTo(1);
        assertThat(first + second).doesNotContain(KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"camel-main", "spring-boot"})
    void aDestinationThatFailsGetsTheVideoLaterWithoutASecondDownload(String example) throws Exception {
        byte[] video = kie.serveSuccess(example + "-late", Mp4s.of(300_000, 14));
        Path videos = home.resolve("videos");
        Files.writeString(videos, "a file where the folder should be");

        try (ExampleApp app = start(example, settings(example + "-late"))) {
            await().atMost(Duration.ofSeconds(120)).until(() -> app.output().contains("publishing to sink kamelet failed"));
            Files.delete(videos);
            await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(videos.resolve(example + "-late.mp4")));
            app.stop();
            assertThat(app.output()).doesNotContain(KEY);
        }
        assertThat(videos.resolve(example + "-late.mp4")).hasBinaryContent(video);
        assertThat(kie.downloads(example + "-late")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"camel-main", "spring-boot"})
    void withoutAnApiKeyTheRouteDoesNotStartAndSaysWhy(String example) throws Exception {
        Map<String, String> settings = settings(example + "-x");
        settings.remove("KIE_API_KEY");
        try (ExampleApp app = start(example, settings)) {
            assertThat(app.awaitExit(120)).isNotZero();
            assertThat(app.output()).contains("kie-mp4-source-1 needs apiKey (the kie.ai API key)");
        }
        assertThat(home.resolve("videos")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"camel-main", "spring-boot"})
    void aBadObjectNameIsRefusedWhenTheRouteStarts(String example) throws Exception {
        Map<String, String> settings = settings(example + "-x");
        settings.put("KIE_OBJECT_NAME", "../{taskId}");
        try (ExampleApp app = start(example, settings)) {
            assertThat(app.awaitExit(120)).isNotZero();
            assertThat(app.output()).contains("kie-mp4-source-1 cannot start: objectName '../{taskId}' has an empty, '.' or '..' folder")
                    .doesNotContain(KEY);
        }
        assertThat(kie.downloads(example + "-x")).isZero();
    }

    private Map<String, String> settings(String taskIds) {
        Map<String, String> env = new HashMap<>();
        env.put("KIE_API_KEY", KEY);
        env.put("KIE_TASK_IDS", taskIds);
        env.put("KIE_BASE_URL", kie.baseUrl());
        env.put("KIE_ALLOW_HTTP", "true");
        env.put("KIE_ALLOWED_HOSTS", "127.0.0.1");
        env.put("KIE_POLL_PERIOD", "1s");
        env.put("KIE_RETRY_DELAY", "1s");
        return env;
    }

    private ExampleApp start(String example, Map<String, String> settings) throws IOException {
        return "camel-main".equals(example) ? ExampleApp.camelMain(home, settings)
                : ExampleApp.springBoot(home, settings);
    }
}
