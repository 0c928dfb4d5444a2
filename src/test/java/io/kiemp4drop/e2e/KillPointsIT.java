package io.kiemp4drop.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety: the packaged jar is killed with SIGKILL again and again, at points spread over polling,
 * downloading, checking and publishing, in an order chosen by a fixed seed so a failure replays. Every round
 * adds a task of its own, so every point can be reached in every round, and each kill comes only once its
 * point was reached. After every kill no partial or zero-byte video is visible in the drop; after the last
 * restart every task is delivered once, complete and checksum-correct, and the spool is empty.
 */
class KillPointsIT {

    private static final long SEED = 20261128L;

    @RegisterExtension
    static final WireMockExtension API = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    @TempDir
    Path home;

    private final Random random = new Random(SEED);
    private final KieApi kie = new KieApi(API);
    private final Map<String, byte[]> videos = new LinkedHashMap<>();

    /** A kill point: what must have happened in the current round before the kill. */
    private record KillPoint(String phase, BooleanSupplier reached) {
    }

    /** What a round's process has done so far, as seen from outside. */
    private record Round(long startedAt, int pollsBefore, NewFiles spool, NewFiles drop) {
    }

    private Round round;

    @Test
    void killedAtEveryPhaseEachTaskEndsDeliveredExactlyOnce() throws Exception {
        Path drop = home.resolve("drop");
        Path spool = drop.resolve(".spool");
        long seededDelay = 300 + random.nextInt(2000);
        List<KillPoint> points = new ArrayList<>(List.of(
                new KillPoint("poll in flight", () -> recordInfoRequests() > round.pollsBefore()),
                new KillPoint("download started", () -> round.spool().appeared(n -> n.endsWith(".mp4.part"))),
                new KillPoint("download half way", () -> halfDownloaded(spool)),
                new KillPoint("video checked, publishing", () -> round.spool().appeared(n -> n.endsWith(".mp4"))),
                new KillPoint("sidecar published", () -> round.drop().appeared(n -> n.matches("t-crash-\\d+\\.json"))),
                new KillPoint("video published, commit pending", () -> round.drop().appeared(n -> n.matches("t-crash-\\d+\\.mp4"))),
                new KillPoint("seeded moment", () -> System.currentTimeMillis() - round.startedAt() >= seededDelay)));
        Collections.shuffle(points, random);
        // record-info answers take a moment, so a kill can land while a poll is in flight
        API.setGlobalFixedDelay(100);
        Files.createDirectories(spool);
        Map<String, String> settings = RunningDrop.settings(home, kie.baseUrl());
        settings.put("kie.download.concurrency", "2");

        List<String> kills = new ArrayList<>();
        for (KillPoint point : points) {
            settings.put("kie.task-ids", addTask());
            try (NewFiles spoolFiles = new NewFiles(spool); NewFiles dropFiles = new NewFiles(drop)) {
                round = new Round(System.currentTimeMillis(), recordInfoRequests(), spoolFiles, dropFiles);
                try (JarProcess run = JarProcess.start(home, settings)) {
                    awaitReached(point, run);
                    kills.add(point.phase() + " (" + (System.currentTimeMillis() - round.startedAt()) + " ms)");
                    run.kill();
                }
            }
            assertNoPartialVideoVisible(drop);
        }
        System.out.println("killed (seed " + SEED + ") at " + kills);

        settings.put("kie.exit-when-done", "true");
        try (JarProcess last = JarProcess.start(home, settings)) {
            assertThat(last.awaitExit(120)).as(last.output()).isZero();
        }
        for (Map.Entry<String, byte[]> video : videos.entrySet()) {
            String sha256 = Mp4s.sha256(video.getValue());
            assertThat(Mp4s.sha256(Files.readAllBytes(drop.resolve(video.getKey() + ".mp4")))).as(video.getKey()).isEqualTo(sha256);
            assertThat(Files.readString(drop.resolve(video.getKey() + ".json"))).contains(sha256);
        }
        try (var left = Files.list(spool)) {
            assertThat(left).isEmpty();
        }
        try (var files = Files.list(drop)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("."))).hasSize(2 * videos.size());
        }
    }

    /** One more task, PENDING for a few polls, then SUCCESS with a video that arrives slowly; returns all task IDs. */
    private String addTask() {
        String id = "t-crash-" + videos.size();
        byte[] mp4 = Mp4s.of(512 * 1024 + random.nextInt(1024 * 1024), SEED + videos.size());
        videos.put(id, mp4);
        API.stubFor(get(urlPathEqualTo("/files/" + id + ".mp4")).willReturn(aResponse().withStatus(200)
                .withBody(mp4).withChunkedDribbleDelay(50, 300 + random.nextInt(600))));
        kie.pendingThen(id, random.nextInt(3), kie.success(id, "/files/" + id + ".mp4"));
        return String.join(",", videos.keySet());
    }

    private static void awaitReached(KillPoint point, JarProcess run) {
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1))
                    .until(() -> point.reached().getAsBoolean() || !run.isAlive());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("kill point '" + point.phase() + "' (seed " + SEED + ") not reached in 30 s; log:\n"
                    + run.output(), e);
        }
        assertThat(run.isAlive()).as("alive when '" + point.phase() + "' was reached; log:\n" + run.output()).isTrue();
    }

    private static int recordInfoRequests() {
        return API.findAll(getRequestedFor(urlPathEqualTo(KieApi.RECORD_INFO))).size();
    }

    /** A partial download of this round holds at least half of its video. */
    private boolean halfDownloaded(Path spool) {
        try (var files = Files.list(spool)) {
            return files.anyMatch(file -> {
                String name = file.getFileName().toString();
                byte[] video = videos.get(name.substring(0, name.indexOf('.')));
                // a partial file the previous round left behind does not count
                return name.endsWith(".mp4.part") && video != null && round.spool().appeared(name::equals)
                        && sizeOf(file) >= video.length / 2;
            });
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
                if (name.startsWith(".")) {
                    // a hidden temporary file (.{name}.tmp) a kill cut short: what the rename keeps out of sight;
                    // the next write of that name replaces it
                    continue;
                }
                assertThat(Files.size(file)).as(name + " is empty").isPositive();
                if (name.endsWith(".mp4")) {
                    byte[] expected = videos.get(name.substring(0, name.length() - 4));
                    assertThat(Mp4s.sha256(Files.readAllBytes(file))).as(name + " is complete").isEqualTo(Mp4s.sha256(expected));
                }
            }
        }
    }
}
