package io.kiemp4drop.sink;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.BundleRouteTest;
import io.kiemp4drop.support.LogCapture;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.RunningDrop;
import io.kiemp4drop.support.Settings;
import io.kiemp4drop.support.SftpServer;
import io.kiemp4drop.support.Spool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SFTP sink (routes/sinks/sftp.camel.yaml through camel-ftp's sftp endpoint) against a real SFTP server in
 * this JVM (MINA SSHD on loopback), checked on the server's own disk. One server for the class, a fresh remote
 * folder (kie.sftp.directory) for every test.
 */
@Settings({"kie.sinks=sftp", "kie.object-name=videos/{createDate}/{taskId}", "kie.sftp.host=127.0.0.1",
        "kie.sftp.username=" + SftpServer.USER})
class SftpSinkTest extends BundleRouteTest {

    private static final String PASSPHRASE = "key+pass&phrase%80f3d2";
    private static final AtomicInteger FOLDERS = new AtomicInteger();

    @TempDir
    static Path serverData;
    private static SftpServer sftp;
    private static Path knownHosts;
    private static Path otherKnownHosts;
    private static Path emptyKnownHosts;
    private static Path clientKey;

    /** This test's folder on the server (kie.sftp.directory). */
    private String folder;

    @BeforeAll
    static void startSftp() throws Exception {
        sftp = new SftpServer(serverData.resolve("root")).start();
        knownHosts = sftp.writeKnownHosts(serverData.resolve("known_hosts"));
        otherKnownHosts = sftp.writeKnownHostsOfAnotherServer(serverData.resolve("known_hosts-other"));
        emptyKnownHosts = Files.writeString(serverData.resolve("known_hosts-empty"), "");
        clientKey = sftp.clientKey(serverData.resolve("id_ecdsa"), PASSPHRASE);
    }

    @AfterAll
    static void stopSftp() throws Exception {
        sftp.close();
    }

    @Override
    protected void moreSettings(Map<String, String> settings) {
        folder = "run-" + FOLDERS.incrementAndGet();
        settings.put("kie.sftp.port", String.valueOf(sftp.port()));
        settings.put("kie.sftp.directory", folder);
        settings.putIfAbsent("kie.sftp.password", SftpServer.PASSWORD);
        settings.putIfAbsent("kie.sftp.known-hosts-file", knownHosts.toString());
        settings.put("test.sftp.client-key", clientKey.toString());
        settings.put("test.sftp.other-known-hosts", otherKnownHosts.toString());
        settings.put("test.sftp.empty-known-hosts", emptyKnownHosts.toString());
    }

    @Test
    void withAPasswordTheVideoAndItsSidecarArriveUnderNestedFoldersByRenameOnly() throws Exception {
        byte[] mp4 = kie.serveSuccess("t-pw", Mp4s.of(700_000, 31));
        try (LogCapture logs = LogCapture.install()) {
            startWithTasks("t-pw");
            TaskRecord task = awaitState("t-pw", TaskState.DELIVERED);

            assertDelivered("t-pw", mp4);
            assertThat(task.destination()).isEqualTo("sftp://127.0.0.1:" + sftp.port() + "/" + folder
                    + "/videos/2026-11-01/t-pw.mp4");
            // each file was written under its temporary name only, and took its final name by a rename
            String video = folder + "/videos/2026-11-01/t-pw.mp4";
            String sidecar = folder + "/videos/2026-11-01/t-pw.json";
            assertThat(writtenInto(folder)).containsExactly(folder + "/videos/2026-11-01/.t-pw.json.part",
                    folder + "/videos/2026-11-01/.t-pw.mp4.part");
            assertThat(sftp.renames()).contains(folder + "/videos/2026-11-01/.t-pw.json.part -> " + sidecar,
                    folder + "/videos/2026-11-01/.t-pw.mp4.part -> " + video);
            assertThat(filesIn(folder)).containsExactlyInAnyOrder(video, sidecar);
            assertThat(readiness("sftp-sink")).isEqualTo(HealthCheck.State.UP);
            awaitSpoolReleased("t-pw");
            assertThat(logs.all()).doesNotContain(SftpServer.PASSWORD);
        }
    }

    @Test
    @Settings({"kie.sftp.password=", "kie.sftp.private-key-file={{test.sftp.client-key}}",
            "kie.sftp.private-key-passphrase=" + PASSPHRASE})
    void withAnEncryptedPrivateKeyAndNoPasswordTheVideoArrives() throws Exception {
        byte[] mp4 = kie.serveSuccess("t-key", Mp4s.of(200_000, 32));
        try (LogCapture logs = LogCapture.install()) {
            startWithTasks("t-key");
            awaitState("t-key", TaskState.DELIVERED);

            assertDelivered("t-key", mp4);
            assertThat(readiness("sftp-sink")).isEqualTo(HealthCheck.State.UP);
            assertThat(logs.all()).doesNotContain(PASSPHRASE);
        }
    }

    @Test
    @Settings("kie.sftp.known-hosts-file={{test.sftp.other-known-hosts}}")
    void aHostKeyThatIsNotTheKnownOneUploadsNothingAndSaysSoInOneLine() throws Exception {
        kie.serveSuccess("t-mitm", Mp4s.of(100_000, 33));
        try (LogCapture logs = LogCapture.install()) {
            startWithTasks("t-mitm");

            await().atMost(Duration.ofSeconds(30)).until(() -> task("t-mitm").map(TaskRecord::lastError).orElse("")
                    .contains("publishing to sink sftp"));
            // the warning is logged right after the failure is recorded in the store
            await().atMost(Duration.ofSeconds(10)).until(() -> !warningsOf(logs, "t-mitm").isEmpty());
            TaskRecord task = task("t-mitm").orElseThrow();
            assertThat(task.state()).isEqualTo(TaskState.DELIVERING);
            assertThat(task.lastError()).contains("host key of sftp 127.0.0.1:" + sftp.port() + " has changed");
            assertThat(Spool.hasVideo(drop().resolve(".spool"), "t-mitm")).isTrue();
            assertThat(warningsOf(logs, "t-mitm")).isNotEmpty().allMatch(l -> l.contains("publishing to sink sftp")
                    && l.contains("host key of sftp 127.0.0.1:" + sftp.port()
                            + " has changed: not the one in kie.sftp.known-hosts-file; nothing uploaded"));
            assertThat(logs.all()).doesNotContain("\tat ").doesNotContain(SftpServer.PASSWORD);
            assertThat(readiness("sftp-sink")).isEqualTo(HealthCheck.State.DOWN);
        }
        assertThat(sftp.writtenFiles()).noneMatch(f -> f.startsWith(folder + "/"));
        assertThat(Files.exists(sftp.root().resolve(folder))).isFalse();
    }

    @Test
    @Settings("kie.sftp.known-hosts-file={{test.sftp.empty-known-hosts}}")
    void aServerNotInTheKnownHostsFileGetsNothingAndTheLineSaysHowToAddIt() throws Exception {
        kie.serveSuccess("t-unknown", Mp4s.of(100_000, 38));
        try (LogCapture logs = LogCapture.install()) {
            startWithTasks("t-unknown");

            await().atMost(Duration.ofSeconds(30)).until(() -> task("t-unknown").map(TaskRecord::lastError).orElse("")
                    .contains("publishing to sink sftp"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !warningsOf(logs, "t-unknown").isEmpty());
            assertThat(state("t-unknown")).isEqualTo(TaskState.DELIVERING);
            assertThat(warningsOf(logs, "t-unknown")).isNotEmpty().allMatch(l -> l.contains("publishing to sink sftp")
                    && l.contains("host key of sftp 127.0.0.1:" + sftp.port()
                            + " is unknown: not in kie.sftp.known-hosts-file") && l.contains("(ssh-keyscan -p " + sftp.port() + " 127.0.0.1 gives its line)"));
            assertThat(logs.all()).doesNotContain("\tat ");
        }
        assertThat(Files.exists(sftp.root().resolve(folder))).isFalse();
    }

    @Test
    void aServerStoppedMidUploadGetsTheVideoOnceWhenItIsBackWithoutASecondDownload() throws Exception {
        byte[] mp4 = kie.serveSuccess("t-cut", Mp4s.of(3_000_000, 34));
        sftp.holdWritesTo(".t-cut.mp4.part");
        try {
            startWithTasks("t-cut");
            assertThat(sftp.awaitHeldWrite(30)).as("the upload started").isTrue();
            sftp.stop();
        } finally {
            sftp.releaseWrites();
        }
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> task("t-cut").map(TaskRecord::lastError).orElse("")
                    .contains("publishing to sink sftp"));
            assertThat(state("t-cut")).isEqualTo(TaskState.DELIVERING);
            Path video = sftp.root().resolve(folder + "/videos/2026-11-01/t-cut.mp4");
            assertThat(Files.exists(video)).as("no final name for half a video").isFalse();
        } finally {
            sftp.start();
        }
        awaitState("t-cut", TaskState.DELIVERED);

        assertDelivered("t-cut", mp4);
        assertThat(filesIn(folder)).containsExactlyInAnyOrder(folder + "/videos/2026-11-01/t-cut.mp4",
                folder + "/videos/2026-11-01/t-cut.json");
        assertThat(API.countRequestsMatching(getRequestedFor(urlPathEqualTo("/files/t-cut.mp4")).build()).getCount())
                .as("downloaded once").isEqualTo(1);
    }

    @Test
    void aVideoTheServerAlreadyHoldsIsNotWrittenAgainButAnotherOfTheSameSizeIsReplaced() throws Exception {
        byte[] same = kie.serveSuccess("t-same", Mp4s.of(150_000, 35));
        byte[] changed = kie.serveSuccess("t-changed", Mp4s.of(150_000, 36));
        FileTime earlier = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
        Path sameFile = place("t-same", same, earlier);
        Path changedFile = place("t-changed", Mp4s.of(150_000, 37), earlier);
        startWithTasks("t-same", "t-changed");

        awaitState("t-same", TaskState.DELIVERED);
        awaitState("t-changed", TaskState.DELIVERED);

        assertThat(Files.getLastModifiedTime(sameFile)).as("not written again").isEqualTo(earlier);
        assertThat(writtenInto(folder)).doesNotContain(folder + "/videos/2026-11-01/.t-same.mp4.part")
                .contains(folder + "/videos/2026-11-01/.t-same.json.part", folder + "/videos/2026-11-01/.t-changed.mp4.part");
        assertDelivered("t-same", same);
        assertDelivered("t-changed", changed);
        assertThat(Files.getLastModifiedTime(changedFile)).isNotEqualTo(earlier);
    }

    @Test
    void withoutAPasswordOrKeyTheStartStopsWithExitCodeTwoAndOneLine() throws Exception {
        Map<String, String> settings = RunningDrop.settings(home.resolve("other"), kie.baseUrl());
        settings.putAll(Map.of("kie.sinks", "file,sftp", "kie.sftp.host", "127.0.0.1", "kie.sftp.username", "kie"));
        try (LogCapture logs = LogCapture.install(); RunningDrop drop = RunningDrop.start(home.resolve("other"), settings)) {
            assertThat(drop.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(logs.lines()).filteredOn(l -> l.startsWith("ERROR")).singleElement().asString()
                    .contains("the sftp sink needs kie.sftp.password or kie.sftp.private-key-file");
            assertThat(logs.all()).doesNotContain("\tat ");
        }
    }

    /** A file on the server where this task's video goes, as an earlier delivery (or someone else) left it. */
    private Path place(String taskId, byte[] content, FileTime modified) throws Exception {
        Path file = sftp.root().resolve(folder + "/videos/2026-11-01/" + taskId + ".mp4");
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        Files.setLastModifiedTime(file, modified);
        return file;
    }

    private void assertDelivered(String taskId, byte[] mp4) throws Exception {
        Path dir = sftp.root().resolve(folder + "/videos/2026-11-01");
        assertThat(Mp4s.sha256(Files.readAllBytes(dir.resolve(taskId + ".mp4")))).isEqualTo(Mp4s.sha256(mp4));
        JsonNode sidecar = new ObjectMapper().readTree(dir.resolve(taskId + ".json").toFile());
        assertThat(sidecar.path("taskId").asText()).isEqualTo(taskId);
        assertThat(sidecar.path("sha256").asText()).isEqualTo(Mp4s.sha256(mp4));
        assertThat(sidecar.path("bytes").asLong()).isEqualTo(mp4.length);
        assertThat(Files.exists(drop().resolve(taskId + ".mp4"))).as("sftp only, not the drop folder").isFalse();
    }

    /** The warnings logged about this task: one line per failed attempt, nothing else. */
    private static List<String> warningsOf(LogCapture logs, String taskId) {
        return logs.events().stream().filter(e -> e.level().equals("WARN") && taskId.equals(e.mdc().get("taskId")))
                .map(LogCapture.Event::message).toList();
    }

    private List<String> writtenInto(String prefix) {
        return sftp.writtenFiles().stream().filter(f -> f.startsWith(prefix + "/")).toList();
    }

    /** Every file under the folder (temporary ones included), as paths from the server's root. */
    private List<String> filesIn(String prefix) throws Exception {
        try (Stream<Path> files = Files.walk(sftp.root().resolve(prefix))) {
            return files.filter(Files::isRegularFile).map(f -> sftp.root().relativize(f).toString()).toList();
        }
    }

    private void awaitSpoolReleased(String taskId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !Spool.hasVideo(drop().resolve(".spool"), taskId));
    }
}
