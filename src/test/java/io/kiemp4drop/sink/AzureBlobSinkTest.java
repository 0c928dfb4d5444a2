package io.kiemp4drop.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.Azurite;
import io.kiemp4drop.support.BundleRouteTest;
import io.kiemp4drop.support.LogCapture;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.Settings;
import io.kiemp4drop.support.Spool;
import io.kiemp4drop.validation.ConfigurationProblem;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The Azure Blob sink (the sink-azure-blob route and its AzureBlobSink bean) against a real Blob service (Azurite on
 * loopback), checked with an independent SDK client. One Azurite for the class, a fresh container for every test.
 * Blocks of 1 MiB, so a 3.5 MiB video goes up in blocks.
 */
@Settings({"kie.sinks=azure-blob", "kie.azure.prefix=kie/", "kie.object-name=videos/{createDate}/{taskId}",
        "kie.azure.block-size=1048576", "kie.azure.access-key=" + Azurite.KEY})
class AzureBlobSinkTest extends BundleRouteTest {

    private static final AtomicInteger CONTAINERS = new AtomicInteger();
    /** What kie.object-name makes of the test tasks (kie.ai's createTime is 2026-11-01). */
    private static final String FOLDER = "kie/videos/2026-11-01/";

    private static Azurite azurite;
    private static BlobServiceClient azure;

    /** This test's container (kie.azure.container); it does not exist until the test creates it. */
    private String container;

    @BeforeAll
    static void startAzurite() throws Exception {
        azurite = new Azurite().start();
        azure = azurite.client();
    }

    @AfterAll
    static void stopAzurite() throws Exception {
        if (azurite != null) {
            azurite.close();
        }
    }

    @Override
    protected void moreSettings(Map<String, String> settings) {
        container = "videos-" + CONTAINERS.incrementAndGet();
        settings.put("kie.azure.account", Azurite.ACCOUNT);
        settings.put("kie.azure.container", container);
        // a test may choose the connection string (its own BlobEndpoint) instead of the key and endpoint
        settings.putIfAbsent("kie.azure.endpoint", azurite.endpoint());
        if (settings.get("kie.azure.access-key").isBlank()) {
            settings.put("kie.azure.connection-string", azurite.connectionString());
        }
    }

    @TestFactory
    Stream<DynamicTest> videosLandInFoldersWithContentTypeMetadataAndSidecarExactlyOnce() throws Exception {
        createContainer();
        byte[] small = kie.serveSuccess("t-small", Mp4s.of(300_000, 101));
        byte[] large = kie.serveSuccess("t-large", Mp4s.of(3 * 1024 * 1024 + 512 * 1024, 102));
        byte[] again = kie.serveSuccess("t-again", Mp4s.of(80_000, 103));
        String earlierETag = putAsIfUploadedBefore("t-again", again);
        LogCapture logs = LogCapture.install();
        startWithTasks("t-small", "t-large", "t-again");

        return Stream.of(
                dynamicTest("aVideoLandsWithItsContentTypeMetadataAndSidecarUnderPrefixAndFolders", () -> {
                    TaskRecord task = awaitState("t-small", TaskState.DELIVERED);
                    assertBlob("t-small", small);
                    assertThat(task.destination()).isEqualTo(azurite.endpoint() + "/" + container + "/" + FOLDER + "t-small.mp4");
                    assertThat(Files.exists(drop().resolve("videos"))).as("the file sink is not on").isFalse();
                    await().atMost(Duration.ofSeconds(10)).until(() -> !Spool.hasVideo(drop().resolve(".spool"), "t-small"));
                }),
                dynamicTest("aVideoLargerThanTheBlockSizeGoesUpInBlocks", () -> {
                    awaitState("t-large", TaskState.DELIVERED);
                    assertBlob("t-large", large);
                    assertThat(blob("t-large.mp4").getBlockBlobClient().listBlocks(BlockListType.COMMITTED)
                            .getCommittedBlocks()).as("1 MiB blocks").hasSize(4);
                }),
                dynamicTest("aVideoAlreadyThereWithTheSameSha256IsNotUploadedAgain", () -> {
                    awaitState("t-again", TaskState.DELIVERED);
                    BlobProperties properties = blob("t-again.mp4").getProperties();
                    // an upload would have given the blob a new ETag and replaced the metadata planted here
                    assertThat(properties.getETag()).isEqualTo(earlierETag);
                    assertThat(properties.getMetadata()).containsEntry("origin", "earlier upload");
                    assertThat(sidecar("t-again").path("sha256").asText()).isEqualTo(Mp4s.sha256(again));
                }),
                dynamicTest("theStartLineSaysUpAndTheKeyNeverReachesALogLine", () -> {
                    logs.close();
                    assertThat(logs.lines()).anyMatch(l -> l.contains("Azure Blob sink UP: " + target()));
                    assertThat(logs.all()).contains("t-again").doesNotContain(Azurite.KEY);
                }));
    }

    @Test
    void anAzuriteDownKeepsTheVideoSpooledAndReadinessDownThenDeliversOnceItIsBack() throws Exception {
        byte[] mp4 = kie.serveSuccess("t-down", Mp4s.of(200_000, 104));
        azurite.stop();
        try (LogCapture logs = LogCapture.install()) {
            startWithTasks("t-down");
            assertThat(logs.lines()).anyMatch(l -> l.startsWith("ERROR") && l.contains("Azure Blob sink DOWN")
                    && l.contains(target()));
            awaitVideoWaitingFor("azure-blob", target(), "t-down");
            assertThat(readiness("azure-blob-sink")).isEqualTo(HealthCheck.State.DOWN);
        } finally {
            // a new Azurite on the same port, empty
            azurite.start();
        }
        createContainer();
        await().atMost(Duration.ofSeconds(10)).until(() -> readiness("azure-blob-sink") == HealthCheck.State.UP);
        awaitState("t-down", TaskState.DELIVERED);
        assertBlob("t-down", mp4);
        assertThat(kie.downloads("t-down")).isEqualTo(1);
    }

    @Test
    @Settings({"kie.sinks=file,azure-blob", "kie.azure.access-key=", "kie.azure.endpoint="})
    void withTheFileSinkAMissingContainerIsRetriedWithoutWritingTheDropFolderAgainOrDownloadingAgain() throws Exception {
        byte[] mp4 = kie.serveSuccess("t-both", Mp4s.of(200_000, 105));
        AdviceWith.adviceWith(context, "sink-file", route -> route.weaveAddFirst().to("mock:file-sink-calls"));
        MockEndpoint fileSinkCalls = getMockEndpoint("mock:file-sink-calls");
        try (LogCapture logs = LogCapture.install()) {
            startWithTasks("t-both");

            // the container does not exist yet: the drop folder gets the video, Azure keeps failing
            awaitVideoWaitingFor("azure-blob", target(), "t-both");
            assertThat(Files.exists(drop().resolve("videos/2026-11-01/t-both.mp4"))).isTrue();
            assertThat(readiness("azure-blob-sink")).isEqualTo(HealthCheck.State.DOWN);
            FileTime published = Files.getLastModifiedTime(drop().resolve("videos/2026-11-01/t-both.json"));

            createContainer();
            TaskRecord task = awaitState("t-both", TaskState.DELIVERED);

            assertBlob("t-both", mp4);
            assertThat(fileSinkCalls.getReceivedCounter()).as("the file sink called once for each object").isEqualTo(2);
            assertThat(Files.getLastModifiedTime(drop().resolve("videos/2026-11-01/t-both.json"))).isEqualTo(published);
            assertThat(kie.downloads("t-both")).isEqualTo(1);
            assertThat(task.destination()).contains(drop().resolve("videos/2026-11-01/t-both.mp4").toString())
                    .contains(azurite.endpoint() + "/" + container + "/" + FOLDER + "t-both.mp4");
            assertThat(logs.all()).contains("publishing to sink azure-blob").doesNotContain(Azurite.KEY);
        }
    }

    @Test
    @Settings("kie.azure.access-key=d3Jvbmcta2V5LTVlOWE=")
    void aRefusedKeyKeepsTheVideoSpooledNamesTheTargetAndNeverTheKey() throws Exception {
        createContainer();
        kie.serveSuccess("t-key", Mp4s.of(50_000, 106));
        try (LogCapture logs = LogCapture.install()) {
            startWithTasks("t-key");

            awaitVideoWaitingFor("azure-blob", target(), "t-key");
            assertThat(readiness("azure-blob-sink")).isEqualTo(HealthCheck.State.DOWN);
            assertThat(blobNames()).isEmpty();
            assertThat(logs.all()).doesNotContain("d3Jvbmcta2V5LTVlOWE=").doesNotContain(Azurite.KEY);
        }
    }

    @Test
    void anAccountAndAContainerAreRequired() {
        assertThatThrownBy(() -> AzureBlobSettings.of("acct", " ", "", "")).isInstanceOf(ConfigurationProblem.class)
                .hasMessage("the azure-blob sink needs kie.azure.container");
        assertThatThrownBy(() -> AzureBlobSettings.of("", "videos", "", "")).isInstanceOf(ConfigurationProblem.class)
                .hasMessage("the azure-blob sink needs kie.azure.account");
        assertThat(AzureBlobSettings.of("acct", "videos", "", "").url()).isEqualTo("https://acct.blob.core.windows.net");
    }

    private void createContainer() {
        azure.getBlobContainerClient(container).create();
    }

    private BlobContainerClient containerClient() {
        return azure.getBlobContainerClient(container);
    }

    private BlobClient blob(String name) {
        return containerClient().getBlobClient(FOLDER + name);
    }

    private List<String> blobNames() {
        return containerClient().listBlobs().stream().map(BlobItem::getName).toList();
    }

    /** How the bundle names this sink in its errors: container, account and endpoint. */
    private String target() {
        return "container '" + container + "' of account '" + Azurite.ACCOUNT + "' at " + azurite.endpoint();
    }

    /** The blob as an earlier delivery of the same video would have left it, plus a mark an upload would remove. */
    private String putAsIfUploadedBefore(String taskId, byte[] mp4) {
        return blob(taskId + ".mp4").uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromBytes(mp4))
                .setHeaders(new BlobHttpHeaders().setContentType("video/mp4"))
                .setMetadata(Map.of("sha256", Mp4s.sha256(mp4), "taskid", taskId, "origin", "earlier upload")), null, null)
                .getValue().getETag();
    }

    private JsonNode sidecar(String taskId) throws Exception {
        return new ObjectMapper().readTree(blob(taskId + ".json").downloadContent().toBytes());
    }

    private void assertBlob(String taskId, byte[] mp4) throws Exception {
        BlobClient video = blob(taskId + ".mp4");
        assertThat(Mp4s.sha256(video.downloadContent().toBytes())).isEqualTo(Mp4s.sha256(mp4));
        BlobProperties properties = video.getProperties();
        assertThat(properties.getContentType()).isEqualTo("video/mp4");
        assertThat(properties.getBlobSize()).isEqualTo(mp4.length);
        assertThat(properties.getMetadata()).containsEntry("sha256", Mp4s.sha256(mp4)).containsEntry("taskid", taskId)
                .containsAllEntriesOf(Mp4s.METADATA);
        assertThat(blob(taskId + ".json").getProperties().getContentType()).isEqualTo("application/json");
        JsonNode sidecar = sidecar(taskId);
        assertThat(sidecar.path("taskId").asText()).isEqualTo(taskId);
        assertThat(sidecar.path("sha256").asText()).isEqualTo(Mp4s.sha256(mp4));
        assertThat(sidecar.path("bytes").asLong()).isEqualTo(mp4.length);
    }
}
