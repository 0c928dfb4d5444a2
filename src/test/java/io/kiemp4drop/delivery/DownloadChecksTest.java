package io.kiemp4drop.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.kiemp4drop.support.KieApi.data;
import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.recordInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.DropTestBase;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.RawHttpServer;
import io.kiemp4drop.support.RawHttpServer.Response;
import io.kiemp4drop.support.RunningDrop;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a download must pass before a video appears in the drop, and what happens when it does not. */
class DownloadChecksTest extends DropTestBase {

    private final Set<String> seenInDrop = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean watching = new AtomicBoolean(true);

    /** Records every file name that ever appears in the drop folder, with its size, while a test runs. */
    private void watchDrop(Path drop, String name, long completeSize) {
        Thread watcher = new Thread(() -> {
            while (watching.get()) {
                Path file = drop.resolve(name);
                try {
                    if (Files.exists(file)) {
                        seenInDrop.add(name + ":" + Files.size(file));
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(200_000);
                } catch (Exception ignored) {
                    // renamed away while looking: fine
                }
            }
        });
        watcher.setDaemon(true);
        watcher.start();
        seenInDrop.add("expected:" + completeSize);
    }

    @AfterEach
    void stopWatching() {
        watching.set(false);
    }

    private RunningDrop startFor(String taskId, String videoUrl, Map<String, String> extra) {
        String success = data(taskId, "SUCCESS", "\"response\":{\"videoUrl\":\"" + videoUrl + "\"}");
        API.stubFor(recordInfo(taskId).willReturn(json(200, success)));
        Map<String, String> s = settings();
        s.put("kie.task-ids", taskId);
        s.putAll(extra);
        return start(s);
    }

    @Test
    void aTruncatedBodyIsRetriedAndNoPartialFileIsEverVisible() throws Exception {
        byte[] mp4 = Mp4s.of(400_000, 11);
        String cl = "Content-Length: " + mp4.length + "\r\n";
        try (RawHttpServer host = new RawHttpServer("127.0.0.1", List.of(
                Response.ok(mp4, cl, 150_000),
                Response.ok(mp4, cl, mp4.length)))) {
            watchDrop(home.resolve("drop"), "t-cut.mp4", mp4.length);
            RunningDrop drop = startFor("t-cut", host.url("/t-cut.mp4"), Map.of());

            TaskRecord task = drop.awaitState("t-cut", TaskState.DELIVERED);

            assertThat(host.connections()).isEqualTo(2);
            assertThat(task.sha256()).isEqualTo(Mp4s.sha256(mp4));
            assertThat(task.downloadAttempts()).isEqualTo(1);
            assertThat(Files.readAllBytes(drop.drop().resolve("t-cut.mp4"))).isEqualTo(mp4);
            watching.set(false);
            assertThat(seenInDrop).containsOnly("expected:" + mp4.length, "t-cut.mp4:" + mp4.length);
        }
    }

    @Test
    void aBodyShorterThanItsAnnouncedLengthFailsAfterMaxAttempts() throws Exception {
        byte[] mp4 = Mp4s.of(100_000, 12);
        try (RawHttpServer host = new RawHttpServer("127.0.0.1", List.of(
                Response.ok(mp4, "Content-Length: " + (mp4.length + 5000) + "\r\n", mp4.length)))) {
            RunningDrop drop = startFor("t-short", host.url("/t-short.mp4"), Map.of("kie.download.max-attempts", "3"));

            TaskRecord task = drop.awaitState("t-short", TaskState.FAILED);

            assertThat(host.connections()).isEqualTo(3);
            assertThat(task.lastError()).contains("body cut short").contains("3 attempts");
            assertThat(Files.exists(drop.drop().resolve("t-short.mp4"))).isFalse();
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(home.resolve("drop/failed/t-short.json")));
            assertSpoolEmpty(drop);
        }
    }

    @Test
    void anHtmlPageWithStatus200IsNotAnMp4() throws Exception {
        API.stubFor(get(urlPathEqualTo("/files/t-html.mp4")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("<html><body>Please log in</body></html>")));
        RunningDrop drop = startFor("t-html", kie.baseUrl() + "/files/t-html.mp4", Map.of("kie.download.max-attempts", "2"));

        TaskRecord task = drop.awaitState("t-html", TaskState.FAILED);

        assertThat(task.lastError()).contains("not an MP4");
        assertThat(API.findAll(getRequestedFor(urlPathEqualTo("/files/t-html.mp4")))).hasSize(2);
        assertThat(Files.exists(drop.drop().resolve("t-html.mp4"))).isFalse();
        assertSpoolEmpty(drop);
    }

    @Test
    void anAnnouncedOversizeVideoIsRefusedBeforeItsBodyIsRead() throws Exception {
        byte[] mp4 = Mp4s.of(200_000, 13);
        kie.video("/files/t-big.mp4", mp4);
        RunningDrop drop = startFor("t-big", kie.baseUrl() + "/files/t-big.mp4",
                Map.of("kie.download.max-bytes", "100000", "kie.download.max-attempts", "1"));

        TaskRecord task = drop.awaitState("t-big", TaskState.FAILED);

        assertThat(task.lastError()).contains("kie.download.max-bytes");
        assertThat(Files.exists(drop.drop().resolve("t-big.mp4"))).isFalse();
    }

    @Test
    void anOversizeBodyWithoutContentLengthIsCutOffWhileStreaming() throws Exception {
        byte[] mp4 = Mp4s.of(300_000, 14);
        try (RawHttpServer host = new RawHttpServer("127.0.0.1", List.of(Response.ok(mp4, "", mp4.length)))) {
            RunningDrop drop = startFor("t-huge", host.url("/t-huge.mp4"),
                    Map.of("kie.download.max-bytes", "100000", "kie.download.max-attempts", "1"));

            TaskRecord task = drop.awaitState("t-huge", TaskState.FAILED);

            assertThat(task.lastError()).contains("body exceeds kie.download.max-bytes");
            assertThat(Files.exists(drop.drop().resolve("t-huge.mp4"))).isFalse();
            assertSpoolEmpty(drop);
        }
    }

    @Test
    void anExpiredLinkEndsFailedWithAClearReason() throws Exception {
        API.stubFor(get(urlPathEqualTo("/files/t-gone.mp4")).willReturn(aResponse().withStatus(404)
                .withBody("gone".getBytes(StandardCharsets.US_ASCII))));
        RunningDrop drop = startFor("t-gone", kie.baseUrl() + "/files/t-gone.mp4", Map.of("kie.download.max-attempts", "2"));

        TaskRecord task = drop.awaitState("t-gone", TaskState.FAILED);

        assertThat(task.lastError()).contains("HTTP 404").contains("link expired or removed?");
    }

    @Test
    void aStalledBodyFailsAfterTheIdleTimeoutAndIsRetried() throws Exception {
        byte[] mp4 = Mp4s.of(300_000, 15);
        String cl = "Content-Length: " + mp4.length + "\r\n";
        try (RawHttpServer host = new RawHttpServer("127.0.0.1", List.of(
                Response.stalled(mp4, cl, 100_000, 60_000),
                Response.ok(mp4, cl, mp4.length)));
                io.kiemp4drop.support.LogCapture logs = io.kiemp4drop.support.LogCapture.install()) {
            RunningDrop drop = startFor("t-stall", host.url("/t-stall.mp4"), Map.of("kie.download.idle-timeout", "1s"));

            TaskRecord task = drop.awaitState("t-stall", TaskState.DELIVERED);

            assertThat(host.connections()).isEqualTo(2);
            assertThat(task.downloadAttempts()).isEqualTo(1);
            assertThat(logs.lines()).anyMatch(l -> l.contains("t-stall: download failed: body cut short: SocketTimeoutException"));
            assertThat(Files.readAllBytes(drop.drop().resolve("t-stall.mp4"))).isEqualTo(mp4);
        }
    }

    @Test
    void bytesBeyondTheAnnouncedLengthAreNotPartOfTheVideo() throws Exception {
        byte[] announced = Mp4s.of(100_000, 16);
        byte[] sent = java.util.Arrays.copyOf(announced, announced.length + 5_000);
        try (RawHttpServer host = new RawHttpServer("127.0.0.1", List.of(
                Response.ok(sent, "Content-Length: " + announced.length + "\r\n", sent.length)))) {
            RunningDrop drop = startFor("t-long", host.url("/t-long.mp4"), Map.of());

            TaskRecord task = drop.awaitState("t-long", TaskState.DELIVERED);

            assertThat(Files.readAllBytes(drop.drop().resolve("t-long.mp4"))).isEqualTo(announced);
            assertThat(task.sha256()).isEqualTo(Mp4s.sha256(announced));
        }
    }

    @Test
    void aFileHostThatStaysUnreachablePastTheRetentionPeriodEndsTheTaskFailed() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        RunningDrop drop = startFor("t-retained", "http://127.0.0.1:" + closedPort + "/t.mp4",
                Map.of("kie.download.retention", "2s"));

        TaskRecord task = drop.awaitState("t-retained", TaskState.FAILED);

        assertThat(task.lastError()).contains("Connection refused").contains("kie.download.retention");
        assertThat(task.downloadAttempts()).isZero();
    }

    private static void assertSpoolEmpty(RunningDrop drop) throws Exception {
        try (var spool = Files.list(drop.drop().resolve(".spool"))) {
            assertThat(spool).isEmpty();
        }
    }
}
