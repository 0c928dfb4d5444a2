package io.kiemp4drop.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.recordInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.DropTestBase;
import io.kiemp4drop.support.LogCapture;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.RunningDrop;
import io.kiemp4drop.support.S3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The S3 sink against a real S3 protocol server (S3Proxy on loopback), checked with an independent SDK client. */
class S3SinkTest extends DropTestBase {

    private static final String BUCKET = "videos";

    @TempDir
    Path s3Data;

    private S3Server s3;
    private S3Client bucket;

    @BeforeEach
    void startS3() throws Exception {
        s3 = new S3Server(s3Data).start();
        bucket = s3.client();
    }

    @AfterEach
    void stopS3() throws Exception {
        bucket.close();
        s3.close();
    }

    private Map<String, String> s3Settings(String sink, String... taskIds) {
        Map<String, String> s = settings();
        s.put("kie.task-ids", String.join(",", taskIds));
        s.put("kie.sink", sink);
        s.put("kie.s3.bucket", BUCKET);
        s.put("kie.s3.prefix", "kie/");
        s.put("kie.s3.endpoint", s3.endpoint());
        s.put("kie.s3.path-style", "true");
        s.put("kie.s3.access-key", S3Server.IDENTITY);
        s.put("kie.s3.secret-key", S3Server.CREDENTIAL);
        s.put("kie.s3.part-size", String.valueOf(5 * 1024 * 1024));
        return s;
    }

    private byte[] serve(String taskId, byte[] mp4) {
        kie.video("/files/" + taskId + ".mp4", mp4);
        API.stubFor(recordInfo(taskId).willReturn(json(200, kie.success(taskId, "/files/" + taskId + ".mp4"))));
        return mp4;
    }

    private int downloads(String taskId) {
        return API.findAll(getRequestedFor(urlPathEqualTo("/files/" + taskId + ".mp4"))).size();
    }

    private void assertObject(String taskId, byte[] mp4) throws Exception {
        ResponseBytes<GetObjectResponse> object = bucket.getObjectAsBytes(b -> b.bucket(BUCKET).key("kie/" + taskId + ".mp4"));
        assertThat(Mp4s.sha256(object.asByteArray())).isEqualTo(Mp4s.sha256(mp4));
        HeadObjectResponse head = bucket.headObject(b -> b.bucket(BUCKET).key("kie/" + taskId + ".mp4"));
        assertThat(head.contentType()).isEqualTo("video/mp4");
        assertThat(head.metadata()).containsEntry("task-id", taskId).containsEntry("sha256", Mp4s.sha256(mp4))
                .containsEntry("music-id", "m-" + taskId).containsEntry("audio-id", "7")
                .containsEntry("source-create-time", "2026-11-01T10:00:00Z").containsKey("source-complete-time");
        JsonNode sidecar = new ObjectMapper().readTree(
                bucket.getObjectAsBytes(b -> b.bucket(BUCKET).key("kie/" + taskId + ".json")).asByteArray());
        assertThat(sidecar.path("taskId").asText()).isEqualTo(taskId);
        assertThat(sidecar.path("sha256").asText()).isEqualTo(Mp4s.sha256(mp4));
        assertThat(sidecar.path("bytes").asLong()).isEqualTo(mp4.length);
        assertThat(sidecar.path("videoUrl").asText()).doesNotContain("sig=");
    }

    /** The spooled copy is released right after the DELIVERED commit, so it may take a moment to go. */
    private void assertSpoolEmpty() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (var spool = Files.list(home.resolve("drop/.spool"))) {
                assertThat(spool).isEmpty();
            }
        });
    }

    @Test
    void aSinglePartVideoLandsWithItsMetadataAndSidecar() throws Exception {
        bucket.createBucket(b -> b.bucket(BUCKET));
        byte[] mp4 = serve("t-small", Mp4s.of(300_000, 81));
        RunningDrop drop = start(s3Settings("s3", "t-small"));

        TaskRecord task = drop.awaitState("t-small", TaskState.DELIVERED);

        assertObject("t-small", mp4);
        assertThat(task.destination()).isEqualTo("s3://videos/kie/t-small.mp4");
        assertThat(Files.exists(drop.drop().resolve("t-small.mp4"))).isFalse();
        assertSpoolEmpty();
    }

    @Test
    void aMultipartVideoLandsCompleteWithMetadataAndNoUploadLeftOpen() throws Exception {
        bucket.createBucket(b -> b.bucket(BUCKET));
        byte[] mp4 = serve("t-large", Mp4s.of(12 * 1024 * 1024 + 123, 82));
        RunningDrop drop = start(s3Settings("s3", "t-large"));

        drop.awaitState("t-large", TaskState.DELIVERED);

        assertObject("t-large", mp4);
        assertThat(bucket.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();
    }

    @Test
    void withBothSinksAFailingSinkIsRetriedWithoutResendingToTheOtherOrDownloadingAgain() throws Exception {
        byte[] mp4 = serve("t-both", Mp4s.of(200_000, 83));
        try (LogCapture logs = LogCapture.install()) {
            RunningDrop drop = start(s3Settings("both", "t-both"));

            // the bucket does not exist yet: the drop folder gets the video, S3 keeps failing
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(drop.drop().resolve("t-both.mp4")));
            await().atMost(Duration.ofSeconds(30)).until(() -> drop.task("t-both").orElseThrow().lastError() != null);
            assertThat(drop.state("t-both")).isEqualTo(TaskState.DELIVERING);
            assertThat(drop.task("t-both").orElseThrow().lastError()).contains("bucket 'videos' at " + s3.endpoint());
            assertThat(io.kiemp4drop.support.Spool.hasVideo(drop.drop().resolve(".spool"), "t-both")).isTrue();
            FileTime published = Files.getLastModifiedTime(drop.drop().resolve("t-both.json"));

            bucket.createBucket(b -> b.bucket(BUCKET));
            TaskRecord task = drop.awaitState("t-both", TaskState.DELIVERED);

            assertObject("t-both", mp4);
            assertThat(Files.readAllBytes(drop.drop().resolve("t-both.mp4"))).isEqualTo(mp4);
            assertThat(Files.getLastModifiedTime(drop.drop().resolve("t-both.json"))).isEqualTo(published);
            assertThat(downloads("t-both")).isEqualTo(1);
            assertThat(task.destination()).contains(drop.drop().resolve("t-both.mp4").toString())
                    .contains("s3://videos/kie/t-both.mp4");
            assertSpoolEmpty();
            assertThat(logs.all()).doesNotContain(S3Server.CREDENTIAL);
        }
    }

    @Test
    void aServerStoppedMidRunLosesNothingAndDuplicatesNothing() throws Exception {
        bucket.createBucket(b -> b.bucket(BUCKET));
        byte[] first = serve("t-before", Mp4s.of(100_000, 84));
        RunningDrop drop = start(s3Settings("s3", "t-before"));
        drop.awaitState("t-before", TaskState.DELIVERED);

        s3.stop();
        byte[] second = serve("t-during", Mp4s.of(100_000, 85));
        Files.writeString(home.resolve("inbox/more.txt"), "t-during\n");
        await().atMost(Duration.ofSeconds(30)).until(() -> drop.task("t-during").map(TaskRecord::lastError).orElse("")
                .contains("publishing to S3"));
        assertThat(drop.state("t-during")).isEqualTo(TaskState.DELIVERING);

        s3.start();
        drop.awaitState("t-during", TaskState.DELIVERED);

        assertObject("t-before", first);
        assertObject("t-during", second);
        // S3Proxy's filesystem backend lists the "kie/" folder itself as a key: skip it
        assertThat(bucket.listObjectsV2(b -> b.bucket(BUCKET)).contents()).extracting(S3Object::key)
                .filteredOn(key -> !key.endsWith("/"))
                .containsExactlyInAnyOrder("kie/t-before.mp4", "kie/t-before.json", "kie/t-during.mp4", "kie/t-during.json");
        assertThat(downloads("t-during")).isEqualTo(1);
    }

    @Test
    void badCredentialsKeepTheVideoSpooledAndNameBucketAndEndpointButNeverTheSecret() throws Exception {
        bucket.createBucket(b -> b.bucket(BUCKET));
        serve("t-creds", Mp4s.of(50_000, 86));
        Map<String, String> s = s3Settings("s3", "t-creds");
        s.put("kie.s3.secret-key", "wrong-secret-7c1e");
        try (LogCapture logs = LogCapture.install()) {
            RunningDrop drop = start(s);

            await().atMost(Duration.ofSeconds(30)).until(() -> drop.task("t-creds").orElseThrow().lastError() != null);
            assertThat(logs.lines()).anyMatch(l -> l.contains("S3 sink DOWN") && l.contains("bucket 'videos' at " + s3.endpoint()));
            assertThat(org.apache.camel.health.HealthCheckHelper.invokeReadiness(drop.context()))
                    .anyMatch(r -> r.getCheck().getId().equals("s3-sink")
                            && r.getState() == org.apache.camel.health.HealthCheck.State.DOWN);
            assertThat(drop.state("t-creds")).isEqualTo(TaskState.DELIVERING);
            assertThat(drop.task("t-creds").orElseThrow().lastError()).contains("bucket 'videos' at " + s3.endpoint());
            assertThat(io.kiemp4drop.support.Spool.hasVideo(drop.drop().resolve(".spool"), "t-creds")).isTrue();
            assertThat(logs.all()).doesNotContain("wrong-secret-7c1e").doesNotContain(S3Server.CREDENTIAL);
            assertThat(bucket.listObjectsV2(b -> b.bucket(BUCKET)).contents()).extracting(S3Object::key)
                    .filteredOn(key -> !key.endsWith("/")).isEmpty();
        }
    }

    @Test
    void aMissingBucketIsReportedDownAtStartAndCanBeCreatedAutomatically() throws Exception {
        byte[] mp4 = serve("t-auto", Mp4s.of(50_000, 87));
        Map<String, String> s = s3Settings("s3", "t-auto");
        s.put("kie.s3.auto-create-bucket", "true");
        RunningDrop drop = start(s);

        drop.awaitState("t-auto", TaskState.DELIVERED);
        assertObject("t-auto", mp4);
    }

    @Test
    void aVideoAlreadyInTheBucketWithTheSameChecksumIsNotUploadedAgain() throws Exception {
        bucket.createBucket(b -> b.bucket(BUCKET));
        byte[] mp4 = serve("t-again", Mp4s.of(80_000, 88));
        bucket.putObject(b -> b.bucket(BUCKET).key("kie/t-again.mp4").contentType("video/mp4")
                .metadata(Map.of("sha256", Mp4s.sha256(mp4), "task-id", "t-again", "music-id", "m-t-again",
                        "audio-id", "7", "source-create-time", "2026-11-01T10:00:00Z", "source-complete-time", "x")),
                RequestBody.fromBytes(mp4));
        var before = bucket.headObject(b -> b.bucket(BUCKET).key("kie/t-again.mp4")).lastModified();
        try (LogCapture logs = LogCapture.install()) {
            RunningDrop drop = start(s3Settings("s3", "t-again"));

            drop.awaitState("t-again", TaskState.DELIVERED);
            assertThat(logs.lines()).anyMatch(l -> l.contains("already holds this video"));
        }
        assertThat(bucket.headObject(b -> b.bucket(BUCKET).key("kie/t-again.mp4")).lastModified()).isEqualTo(before);
        assertObject("t-again", mp4);
    }
}
