package io.kiemp4drop.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.recordInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.kiemp4drop.support.JarProcess;
import io.kiemp4drop.support.KieApi;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.RunningDrop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety: the packaged jar is killed with SIGKILL again and again, at points spread over polling,
 * downloading, checking and publishing, chosen by a fixed seed so a failure replays. After every kill no
 * partial or zero-byte video is visible in the drop; after the last restart every task is delivered once,
 * complete and checksum-correct, and the spool is empty.
 */
class KillPointsIT {

    private static final long SEED = 20261128L;
    private static final int TASKS = 6;

    @RegisterExtension
    static final WireMockExtension API = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    @TempDir
    Path home;

    private final Map<String, byte[]> videos = new LinkedHashMap<>();

    /** A kill point: what it waits for before the kill. */
    private record KillPoint(String phase, BooleanSupplier reached) {
    }

    @Test
    void killedAtEveryPhaseEachTaskEndsDeliveredExactlyOnce() throws Exception {
        Random random = new Random(SEED);
        KieApi kie = new KieApi(API);
        for (int i = 0; i < TASKS; i++) {
            String id = "t-crash-" + i;
            byte[] mp4 = Mp4s.of(512 * 1024 + random.nextInt(2 * 1024 * 1024), SEED + i);
            videos.put(id, mp4);
            API.stubFor(get(urlPathEqualTo("/files/" + id + ".mp4")).willReturn(aResponse().withStatus(200)
                    .withBody(mp4).withChunkedDribbleDelay(50, 800 + random.nextInt(1500))));
            kie.pendingThen(id, random.nextInt(4), kie.success(id, "/files/" + id + ".mp4"));
        }
        // record-info answers take a moment, so a kill can land while a poll is in flight
        JarProcess.install(home);
        Map<String, String> settings = RunningDrop.settings(home, kie.baseUrl());
        settings.put("kie.task-ids", String.join(",", videos.keySet()));
        settings.put("kie.poll.period", "300ms");
        settings.put("kie.download.concurrency", "2");
        Path drop = home.resolve("drop");
        Path spool = drop.resolve(".spool");

        List<KillPoint> points = new ArrayList<>(List.of(
                new KillPoint("poll in flight", () -> API.findAll(getRequestedFor(urlPathEqualTo(KieApi.RECORD_INFO))).size()
                        > requestsBefore),
                new KillPoint("download started", () -> hasFile(spool, ".part", 1)),
                new KillPoint("download half way", () -> hasFile(spool, ".part", 256 * 1024)),
                new KillPoint("video checked, publishing", () -> hasFile(spool, ".mp4", 1)),
                new KillPoint("sidecar published", () -> newSidecarIn(drop)),
                new KillPoint("video published, commit pending", () -> newVideoIn(drop)),
                new KillPoint("seeded moment", seededMoment(random))));
        java.util.Collections.shuffle(points, random);

        List<String> hit = new ArrayList<>();
        for (KillPoint point : points) {
            markBaseline(drop);
            try (JarProcess run = JarProcess.start(home, settings)) {
                boolean reached;
                try {
                    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(1)).until(
                            () -> point.reached().getAsBoolean() || !run.isAlive());
                    reached = run.isAlive();
                } catch (org.awaitility.core.ConditionTimeoutException notThisRound) {
                    reached = false;
                }
                run.kill();
                hit.add(point.phase() + (reached ? "" : " (not reached this round)"));
            }
            assertNoPartialVideoVisible(drop);
        }
        System.out.println("kill points (seed " + SEED + "): " + hit);
        assertThat(hit.stream().filter(h -> !h.contains("not reached"))).hasSizeGreaterThanOrEqualTo(5);

        settings.put("kie.exit-when-done", "true");
        try (JarProcess last = JarProcess.start(home, settings)) {
            assertThat(last.awaitExit(120)).as(last.output()).isZero();
        }
        for (Map.Entry<String, byte[]> video : videos.entrySet()) {
            assertThat(Mp4s.sha256(Files.readAllBytes(drop.resolve(video.getKey() + ".mp4"))))
                    .as(video.getKey()).isEqualTo(Mp4s.sha256(video.getValue()));
            assertThat(Files.readString(drop.resolve(video.getKey() + ".json"))).contains(Mp4s.sha256(video.getValue()));
        }
        try (var left = Files.list(spool)) {
            assertThat(left).isEmpty();
        }
        try (var files = Files.list(drop)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")))
                    .hasSize(2 * TASKS);
        }
    }

    private int requestsBefore;
    private List<String> sidecarsBefore = List.of();
    private List<String> videosBefore = List.of();

    private void markBaseline(Path drop) throws Exception {
        requestsBefore = API.findAll(getRequestedFor(urlPathEqualTo(KieApi.RECORD_INFO))).size();
        sidecarsBefore = names(drop, ".json");
        videosBefore = names(drop, ".mp4");
    }

    private boolean newSidecarIn(Path drop) {
        return names(drop, ".json").stream().anyMatch(n -> !sidecarsBefore.contains(n));
    }

    private boolean newVideoIn(Path drop) {
        return names(drop, ".mp4").stream().anyMatch(n -> !videosBefore.contains(n));
    }

    private static BooleanSupplier seededMoment(Random random) {
        long[] deadline = {0};
        long delay = 300 + random.nextInt(3000);
        return () -> {
            if (deadline[0] == 0) {
                deadline[0] = System.currentTimeMillis() + delay;
            }
            return System.currentTimeMillis() >= deadline[0];
        };
    }

    private static List<String> names(Path dir, String suffix) {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix) && !n.startsWith(".")).toList();
        } catch (Exception e) {
            return List.of();
        }
    }

    private static boolean hasFile(Path dir, String suffix, long minBytes) {
        try (var files = Files.list(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(suffix) && sizeOf(p) >= minBytes);
        } catch (Exception e) {
            return false;
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (Exception e) {
            return -1;
        }
    }

    private void assertNoPartialVideoVisible(Path drop) throws Exception {
        try (var files = Files.list(drop)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                assertThat(Files.size(file)).as(name + " is empty").isPositive();
                if (name.endsWith(".mp4") && !name.startsWith(".")) {
                    byte[] expected = videos.get(name.substring(0, name.length() - 4));
                    assertThat(Mp4s.sha256(Files.readAllBytes(file))).as(name + " is complete")
                            .isEqualTo(Mp4s.sha256(expected));
                }
            }
        }
    }
}
