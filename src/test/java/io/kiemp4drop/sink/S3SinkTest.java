package io.kiemp4drop.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.BundleRouteTest;
import io.kiemp4drop.support.LogCapture;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.S3Server;
import io.kiemp4drop.support.Settings;
import io.kiemp4drop.support.Spool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 sink (the sink-s3 route and its S3Sink bean) against a real S3 protocol server (S3Proxy on loopback),
 * checked with an independent SDK client. One server for the class, a fresh bucket for every test.
 */
@Settings({"kie.sink=s3", "kie.s3.prefix=kie/", "kie.s3.path-style=true", "kie.s3.part-size=5242880",
        "kie.s3.access-key=" + S3Server.IDENTITY, "kie.s3.secret-key=" + S3Server.CREDENTIAL})
class S3SinkTest extends BundleRouteTest {

    private static final AtomicInteger BUCKETS = new AtomicInteger();

    @TempDir
    static Path s3Data;
    private static S3Server s3;
    private static S3Client s3Client;

    /** This test's bucket (kie.s3.bucket); it does not exist until the test or the bundle creates it. */
    private String bucket;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = new S3Server(s3Data).start();
        s3Client = s3.client();
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3Client.close();
        s3.close();
    }

    @Override
    protected void moreSettings(Map<String, String> settings) {
        bucket = "videos-" + BUCKETS.incrementAndGet();
        settings.put("kie.s3.bucket", bucket);
        settings.put("kie.s3.endpoint", s3.endpoint());
    }

    @TestFactory
    Stream<DynamicTest> videosLandWithTheirMetadataAndSidecarExactlyOnce() throws Exception {
        createBucket();
        byte[] small = kie.serveSuccess("t-small", Mp4s.of(300_000, 81));
        byte[] large = kie.serveSuccess("t-large", Mp4s.of(5 * 1024 * 1024 + 123, 82));
        byte[] again = kie.serveSuccess("t-again", Mp4s.of(80_000, 88));
        putAsIfUploadedBefore("t-again", again);
        startWithTasks("t-small", "t-large", "t-again");

        return Stream.of(
                dynamicTest("aSinglePartVideoLandsWithItsMetadataAndSidecar", () -> {
                    TaskRecord task = awaitState("t-small", TaskState.DELIVERED);
                    assertObject("t-small", small);
                    assertThat(head("t-small").metadata()).containsAllEntriesOf(Mp4s.METADATA);
                    assertThat(task.destination()).isEqualTo("s3://" + bucket + "/kie/t-small.mp4");
                    assertThat(Files.exists(drop().resolve("t-small.mp4"))).isFalse();
                    awaitSpoolReleased("t-small");
                }),
                dynamicTest("aMultipartVideoLandsCompleteWithMetadataAndNoUploadLeftOpen", () -> {
                    awaitState("t-large", TaskState.DELIVERED);
                    assertObject("t-large", large);
                    assertThat(head("t-large").metadata()).as("set by the copy after a multipart upload")
                            .containsAllEntriesOf(Mp4s.METADATA);
                    assertThat(s3Client.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
                }),
                dynamicTest("aVideoAlreadyInTheBucketWithTheSameChecksumIsNotUploadedAgain", () -> {
                    awaitState("t-again", TaskState.DELIVERED);
                    // an upload would have replaced the metadata the earlier copy was given
                    assertThat(head("t-again").metadata()).containsEntry("source-complete-time", "earlier upload");
                    assertObject("t-again", again);
                }));
    }

    @Test
    void onlyAVideoTheBucketDoesNotHoldYetIsUploadedWhileEverySidecarIs() throws Exception {
        createBucket();
        byte[] same = kie.serveSuccess("t-same", Mp4s.of(60_000, 90));
        putAsIfUploadedBefore("t-same", same);
        kie.serveSuccess("t-changed", Mp4s.of(60_000, 91));
        putAsIfUploadedBefore("t-changed", Mp4s.of(60_000, 92));
        kie.serveSuccess("t-new", Mp4s.of(60_000, 93));
        AdviceWith.adviceWith(context, "sink-s3", route -> {
            route.weaveById("s3-video").replace().to("mock:s3-video");
            route.weaveById("s3-sidecar").replace().to("mock:s3-sidecar");
        });
        startWithTasks("t-same", "t-changed", "t-new");

        for (String taskId : List.of("t-same", "t-changed", "t-new")) {
            awaitState(taskId, TaskState.DELIVERED);
        }
        assertThat(keysSentTo("mock:s3-video")).containsExactlyInAnyOrder("kie/t-changed.mp4", "kie/t-new.mp4");
        assertThat(keysSentTo("mock:s3-sidecar"))
                .containsExactlyInAnyOrder("kie/t-same.json", "kie/t-changed.json", "kie/t-new.json");
    }

    @Test
    @Settings("kie.sink=both")
    void withBothSinksAFailingSinkIsRetriedWithoutResendingToTheOtherOrDownloadingAgain() throws Exception {
        byte[] mp4 = kie.serveSuccess("t-both", Mp4s.of(200_000, 83));
        try (LogCapture logs = LogCapture.install()) {
            startWithTasks("t-both");

            // the bucket does not exist yet: the drop folder gets the video, S3 keeps failing
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(drop().resolve("t-both.mp4")));
            awaitVideoWaitingFor("s3", target(), "t-both");
            FileTime published = Files.getLastModifiedTime(drop().resolve("t-both.json"));

            createBucket();
            TaskRecord task = awaitState("t-both", TaskState.DELIVERED);

            assertObject("t-both", mp4);
            assertThat(Files.readAllBytes(drop().resolve("t-both.mp4"))).isEqualTo(mp4);
            assertThat(Files.getLastModifiedTime(drop().resolve("t-both.json"))).isEqualTo(published);
            assertThat(kie.downloads("t-both")).isEqualTo(1);
            assertThat(task.destination()).contains(drop().resolve("t-both.mp4").toString())
                    .contains("s3://" + bucket + "/kie/t-both.mp4");
            awaitSpoolReleased("t-both");
            assertThat(logs.all()).doesNotContain(S3Server.CREDENTIAL);
        }
    }

    @Test
    void aServerStoppedMidRunLosesNothingAndDuplicatesNothing() throws Exception {
        createBucket();
        byte[] first = kie.serveSuccess("t-before", Mp4s.of(100_000, 84));
        startWithTasks("t-before");
        awaitState("t-before", TaskState.DELIVERED);

        byte[] second = kie.serveSuccess("t-during", Mp4s.of(100_000, 85));
        s3.stop();
        try {
            addTask("t-during");
            await().atMost(Duration.ofSeconds(30)).until(() -> task("t-during").map(TaskRecord::lastError).orElse("")
                    .contains("publishing to sink s3"));
            assertThat(state("t-during")).isEqualTo(TaskState.DELIVERING);
        } finally {
            s3.start();
        }
        awaitState("t-during", TaskState.DELIVERED);

        assertObject("t-before", first);
        assertObject("t-during", second);
        assertThat(keys()).containsExactlyInAnyOrder("kie/t-before.mp4", "kie/t-before.json", "kie/t-during.mp4",
                "kie/t-during.json");
        assertThat(kie.downloads("t-during")).isEqualTo(1);
    }

    @Test
    @Settings("kie.s3.secret-key=wrong-secret-7c1e")
    void badCredentialsKeepTheVideoSpooledAndNameBucketAndEndpointButNeverTheSecret() throws Exception {
        createBucket();
        kie.serveSuccess("t-creds", Mp4s.of(50_000, 86));
        try (LogCapture logs = LogCapture.install()) {
            startWithTasks("t-creds");

            awaitVideoWaitingFor("s3", target(), "t-creds");
            assertThat(logs.lines()).anyMatch(l -> l.contains("S3 sink DOWN") && l.contains(target()));
            assertThat(readiness("s3-sink")).isEqualTo(HealthCheck.State.DOWN);
            assertThat(logs.all()).doesNotContain("wrong-secret-7c1e").doesNotContain(S3Server.CREDENTIAL);
            assertThat(keys()).isEmpty();
        }
    }

    @Test
    void aMissingBucketIsReportedDownAtStartAndTheVideoWaitsUntilItExists() throws Exception {
        byte[] mp4 = kie.serveSuccess("t-nobucket", Mp4s.of(50_000, 87));
        try (LogCapture logs = LogCapture.install()) {
            start();

            assertThat(readiness("s3-sink")).isEqualTo(HealthCheck.State.DOWN);
            assertThat(logs.lines()).anyMatch(l -> l.startsWith("ERROR") && l.contains("S3 sink DOWN")
                    && l.contains(target()));
        }
        addTask("t-nobucket");
        awaitVideoWaitingFor("s3", target(), "t-nobucket");

        createBucket();
        await().atMost(Duration.ofSeconds(10)).until(() -> readiness("s3-sink") == HealthCheck.State.UP);
        awaitState("t-nobucket", TaskState.DELIVERED);
        assertObject("t-nobucket", mp4);
        assertThat(kie.downloads("t-nobucket")).isEqualTo(1);
    }

    @Test
    @Settings("kie.s3.auto-create-bucket=true")
    void aMissingBucketIsCreatedAtStartWhenAllowed() throws Exception {
        byte[] mp4 = kie.serveSuccess("t-auto", Mp4s.of(50_000, 89));
        start();

        s3Client.headBucket(b -> b.bucket(bucket));
        assertThat(readiness("s3-sink")).isEqualTo(HealthCheck.State.UP);
        addTask("t-auto");
        awaitState("t-auto", TaskState.DELIVERED);
        assertObject("t-auto", mp4);
    }

    private void createBucket() {
        s3Client.createBucket(b -> b.bucket(bucket));
    }

    /** How the bundle names this sink in its errors: bucket and endpoint. */
    private String target() {
        return "bucket '" + bucket + "' at " + s3.endpoint();
    }

    /** The object as an earlier delivery of the same video would have left it. */
    private void putAsIfUploadedBefore(String taskId, byte[] mp4) {
        s3Client.putObject(b -> b.bucket(bucket).key("kie/" + taskId + ".mp4").contentType("video/mp4")
                .metadata(Map.of("sha256", Mp4s.sha256(mp4), "task-id", taskId, "music-id", "m-" + taskId,
                        "audio-id", "7", "source-create-time", "2026-11-01T10:00:00Z",
                        "source-complete-time", "earlier upload")),
                RequestBody.fromBytes(mp4));
    }

    private List<Object> keysSentTo(String mock) {
        return getMockEndpoint(mock).getReceivedExchanges().stream()
                .map(exchange -> exchange.getMessage().getHeader(AWS2S3Constants.KEY)).toList();
    }

    private HeadObjectResponse head(String taskId) {
        return s3Client.headObject(b -> b.bucket(bucket).key("kie/" + taskId + ".mp4"));
    }

    /** Object keys in the bucket; S3Proxy's filesystem backend lists the "kie/" folder itself as a key, skipped. */
    private List<String> keys() {
        return s3Client.listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(S3Object::key)
                .filter(key -> !key.endsWith("/")).toList();
    }

    private void assertObject(String taskId, byte[] mp4) throws Exception {
        byte[] stored = s3Client.getObjectAsBytes(b -> b.bucket(bucket).key("kie/" + taskId + ".mp4")).asByteArray();
        assertThat(Mp4s.sha256(stored)).isEqualTo(Mp4s.sha256(mp4));
        HeadObjectResponse head = head(taskId);
        assertThat(head.contentType()).isEqualTo("video/mp4");
        assertThat(head.metadata()).containsEntry("task-id", taskId).containsEntry("sha256", Mp4s.sha256(mp4))
                .containsEntry("music-id", "m-" + taskId).containsEntry("audio-id", "7")
                .containsEntry("source-create-time", "2026-11-01T10:00:00Z").containsKey("source-complete-time");
        JsonNode sidecar = new ObjectMapper().readTree(
                s3Client.getObjectAsBytes(b -> b.bucket(bucket).key("kie/" + taskId + ".json")).asByteArray());
        assertThat(sidecar.path("taskId").asText()).isEqualTo(taskId);
        assertThat(sidecar.path("sha256").asText()).isEqualTo(Mp4s.sha256(mp4));
        assertThat(sidecar.path("bytes").asLong()).isEqualTo(mp4.length);
        assertThat(sidecar.path("videoUrl").asText()).doesNotContain("sig=");
    }

    /** The spooled copy is released right after the DELIVERED commit, so it may take a moment to go. */
    private void awaitSpoolReleased(String taskId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !Spool.hasVideo(drop().resolve(".spool"), taskId));
    }
}
