package io.kiemp4drop.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.BundleRouteTest;
import io.kiemp4drop.support.LogCapture;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.Ports;
import io.kiemp4drop.support.RawHttpServer;
import io.kiemp4drop.support.RawHttpServer.Response;
import io.kiemp4drop.support.Settings;
import io.kiemp4drop.support.Spool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * What a download must pass before a video appears in the drop, and what happens when it does not. One bundle
 * runs a task per kind of file host (truncating, lying about its length, stalling...); each is checked on its own.
 */
@Settings({"kie.download.max-bytes=1000000", "kie.download.max-attempts=3", "kie.download.idle-timeout=2s"})
class DownloadChecksTest extends BundleRouteTest {

    private static final int MAX_ATTEMPTS = 3;
    private static final int OVER_MAX_BYTES = 1_200_000;

    private final VideoUrls videos = new VideoUrls(API);
    private final List<RawHttpServer> hosts = new ArrayList<>();
    private final DropWatch watch = new DropWatch();
    private LogCapture logs;

    @AfterEach
    void closeHosts() throws Exception {
        watch.stop();
        if (logs != null) {
            logs.close();
        }
        for (RawHttpServer host : hosts) {
            host.close();
        }
    }

    /** One bundle for all the hosts; each outcome is a dynamic test of its own, so a failure names its case. */
    @TestFactory
    Stream<DynamicTest> eachFileHostGetsTheOutcomeItsBodyDeserves() throws Exception {
        logs = LogCapture.install();
        List<DynamicTest> checks = List.of(truncatedBody(), shortBody(), htmlPage(), announcedOversize(),
                oversizeWithoutLength(), expiredLink(), stalledBody(), bytesBeyondLength());
        watch.start(drop(), videos.taskIds());
        startWithTasks(videos.taskIdArray());
        return checks.stream();
    }

    private DynamicTest truncatedBody() throws Exception {
        byte[] mp4 = Mp4s.of(400_000, 11);
        RawHttpServer host = fileHost("t-cut", Response.ok(mp4, length(mp4), 150_000), Response.ok(mp4, length(mp4), mp4.length));
        return dynamicTest("aTruncatedBodyIsRetriedAndNoPartialFileIsEverVisible", () -> {
            TaskRecord task = awaitDelivered("t-cut", mp4);
            assertThat(host.connections()).isEqualTo(2);
            assertThat(task.downloadAttempts()).isEqualTo(1);
        });
    }

    private DynamicTest shortBody() throws Exception {
        byte[] mp4 = Mp4s.of(100_000, 12);
        RawHttpServer host = fileHost("t-short", Response.ok(mp4, "Content-Length: " + (mp4.length + 5000) + "\r\n", mp4.length));
        return dynamicTest("aBodyShorterThanItsAnnouncedLengthFailsAfterMaxAttempts", () -> {
            TaskRecord task = awaitFailedLeavingNothing("t-short");
            assertThat(host.connections()).isEqualTo(MAX_ATTEMPTS);
            assertThat(task.lastError()).contains("body cut short").contains(MAX_ATTEMPTS + " attempts");
        });
    }

    private DynamicTest htmlPage() {
        API.stubFor(get(urlPathEqualTo("/files/t-html.mp4")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("<html><body>Please log in</body></html>")));
        videos.answer("t-html", kie.baseUrl() + "/files/t-html.mp4");
        return dynamicTest("anHtmlPageWithStatus200IsNotAnMp4", () -> {
            TaskRecord task = awaitFailedLeavingNothing("t-html");
            assertThat(task.lastError()).contains("not an MP4");
            assertThat(API.findAll(getRequestedFor(urlPathEqualTo("/files/t-html.mp4")))).hasSize(MAX_ATTEMPTS);
        });
    }

    private DynamicTest announcedOversize() throws Exception {
        byte[] mp4 = Mp4s.of(OVER_MAX_BYTES, 13);
        RawHttpServer host = fileHost("t-big", Response.ok(mp4, length(mp4), mp4.length));
        return dynamicTest("anAnnouncedOversizeVideoIsRefusedBeforeItsBodyIsRead", () -> {
            TaskRecord task = awaitFailedLeavingNothing("t-big");
            // the check on the announced length, not the one cutting off a body while it streams
            assertThat(task.lastError()).contains("file host announces " + OVER_MAX_BYTES
                    + " bytes, more than kie.download.max-bytes (1000000)");
            assertThat(host.connections()).isEqualTo(MAX_ATTEMPTS);
        });
    }

    private DynamicTest oversizeWithoutLength() throws Exception {
        byte[] mp4 = Mp4s.of(OVER_MAX_BYTES, 14);
        fileHost("t-huge", Response.ok(mp4, "", mp4.length));
        return dynamicTest("anOversizeBodyWithoutContentLengthIsCutOffWhileStreaming", () -> {
            TaskRecord task = awaitFailedLeavingNothing("t-huge");
            assertThat(task.lastError()).contains("body exceeds kie.download.max-bytes (1000000)");
        });
    }

    private DynamicTest expiredLink() {
        API.stubFor(get(urlPathEqualTo("/files/t-gone.mp4")).willReturn(aResponse().withStatus(404).withBody("gone")));
        videos.answer("t-gone", kie.baseUrl() + "/files/t-gone.mp4");
        return dynamicTest("anExpiredLinkEndsFailedWithAClearReason", () -> {
            TaskRecord task = awaitFailedLeavingNothing("t-gone");
            assertThat(task.lastError()).contains("HTTP 404").contains("link expired or removed?");
        });
    }

    private DynamicTest stalledBody() throws Exception {
        byte[] mp4 = Mp4s.of(300_000, 15);
        RawHttpServer host = fileHost("t-stall", Response.stalled(mp4, length(mp4), 100_000, 60_000),
                Response.ok(mp4, length(mp4), mp4.length));
        return dynamicTest("aStalledBodyFailsAfterTheIdleTimeoutAndIsRetried", () -> {
            TaskRecord task = awaitDelivered("t-stall", mp4);
            assertThat(host.connections()).isEqualTo(2);
            assertThat(task.downloadAttempts()).isEqualTo(1);
            assertThat(logs.lines()).anyMatch(l -> l.contains("t-stall: download failed: body cut short: SocketTimeoutException"));
        });
    }

    private DynamicTest bytesBeyondLength() throws Exception {
        byte[] announced = Mp4s.of(100_000, 16);
        byte[] sent = Arrays.copyOf(announced, announced.length + 5_000);
        fileHost("t-long", Response.ok(sent, length(announced), sent.length));
        return dynamicTest("bytesBeyondTheAnnouncedLengthAreNotPartOfTheVideo", () -> awaitDelivered("t-long", announced));
    }

    @Test
    @Settings("kie.download.retention=2s")
    void aFileHostThatStaysUnreachablePastTheRetentionPeriodEndsTheTaskFailed() throws Exception {
        videos.answer("t-retained", "http://127.0.0.1:" + Ports.free() + "/t.mp4");
        startWithTasks("t-retained");

        TaskRecord task = awaitState("t-retained", TaskState.FAILED);

        assertThat(task.lastError()).contains("Connection refused").contains("kie.download.retention");
        assertThat(task.downloadAttempts()).as("a refused connection is not a failed check").isZero();
    }


    /** A file host of its own for the task, answering its connections in turn with these responses. */
    private RawHttpServer fileHost(String taskId, Response... responses) throws Exception {
        RawHttpServer host = new RawHttpServer("127.0.0.1", List.of(responses));
        hosts.add(host);
        videos.answer(taskId, host.url("/" + taskId + ".mp4"));
        return host;
    }

    private static String length(byte[] body) {
        return "Content-Length: " + body.length + "\r\n";
    }

    /** Delivered whole, never seen in the drop at any other size, its spooled copy released. */
    private TaskRecord awaitDelivered(String taskId, byte[] mp4) throws Exception {
        TaskRecord task = awaitState(taskId, TaskState.DELIVERED);
        assertThat(Files.readAllBytes(drop().resolve(taskId + ".mp4"))).isEqualTo(mp4);
        assertThat(task.sha256()).isEqualTo(Mp4s.sha256(mp4));
        assertThat(watch.sizesOf(taskId + ".mp4")).as("sizes seen in the drop").containsOnly((long) mp4.length);
        await().atMost(Duration.ofSeconds(10)).until(() -> !Spool.hasVideo(drop().resolve(".spool"), taskId));
        return task;
    }

    /** FAILED with a report, and nothing of the video ever visible in the drop or left in the spool. */
    private TaskRecord awaitFailedLeavingNothing(String taskId) {
        TaskRecord task = awaitState(taskId, TaskState.FAILED);
        assertThat(watch.sizesOf(taskId + ".mp4")).as("sizes seen in the drop").isEmpty();
        Path spool = drop().resolve(".spool");
        assertThat(Spool.hasVideo(spool, taskId)).isFalse();
        assertThat(Spool.partSize(spool, taskId)).isEqualTo(-1);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(drop().resolve("failed/" + taskId + ".json")));
        return task;
    }

    /** Every size at which each task's video was ever seen in the drop folder while the bundle ran. */
    private static final class DropWatch {
        private final Map<String, Set<Long>> seen = new ConcurrentHashMap<>();
        private volatile boolean watching = true;

        void start(Path drop, List<String> taskIds) {
            List<String> names = taskIds.stream().map(id -> id + ".mp4").toList();
            Thread watcher = new Thread(() -> {
                while (watching) {
                    for (String name : names) {
                        try {
                            long size = Files.size(drop.resolve(name));
                            seen.computeIfAbsent(name, n -> ConcurrentHashMap.newKeySet()).add(size);
                        } catch (Exception notThere) {
                            // not (or no longer) in the drop
                        }
                    }
                    LockSupport.parkNanos(200_000);
                }
            }, "drop-watch");
            watcher.setDaemon(true);
            watcher.start();
        }

        Set<Long> sizesOf(String name) {
            return seen.getOrDefault(name, Set.of());
        }

        void stop() {
            watching = false;
        }
    }
}
