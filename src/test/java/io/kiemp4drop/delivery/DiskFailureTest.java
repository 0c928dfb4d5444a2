package io.kiemp4drop.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.recordInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.BundleRouteTest;
import io.kiemp4drop.support.LogCapture;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.Spool;
import io.kiemp4drop.support.Unwritable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Our own disk says no: clear error, nothing half-written in the drop, the task tried again later. */
class DiskFailureTest extends BundleRouteTest {

    private Path locked;

    @AfterEach
    void unlock() throws Exception {
        if (locked != null) {
            Unwritable.undo(locked);
        }
    }

    /** Starts the bundle, makes {@code folder} unwritable, then takes in a task whose video is ready. */
    private byte[] startWithLockedFolderThenTask(Path folder, String taskId, long seed) throws Exception {
        byte[] mp4 = Mp4s.of(150_000, seed);
        kie.video("/files/" + taskId + ".mp4", mp4);
        API.stubFor(recordInfo(taskId).willReturn(json(200, kie.success(taskId, "/files/" + taskId + ".mp4"))));
        start();
        locked = folder;
        Unwritable.make(locked);
        addTask(taskId);
        return mp4;
    }

    private void awaitLastError(String taskId, String fragment) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> task(taskId).map(TaskRecord::lastError).orElse("").contains(fragment));
    }

    @Test
    void anUnwritableDropFolderKeepsTheVideoSpooledUntilItCanBePublished() throws Exception {
        try (LogCapture logs = LogCapture.install()) {
            byte[] mp4 = startWithLockedFolderThenTask(drop(), "t-ro", 91);

            awaitLastError("t-ro", "cannot publish into kie.drop.dir");
            assertThat(state("t-ro")).isEqualTo(TaskState.DELIVERING);
            assertThat(Spool.hasVideo(drop().resolve(".spool"), "t-ro")).isTrue();
            // the warning is logged right after the failure is recorded in the store
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.lines().stream().anyMatch(l -> l.startsWith("WARN")
                    && l.contains("t-ro: publishing to sink file (the drop folder") && l.contains("cannot publish into kie.drop.dir")));
            assertThat(logs.all()).as("no stack trace").doesNotContain("\tat ");
            try (var visible = Files.list(drop())) {
                assertThat(visible.map(p -> p.getFileName().toString())).containsOnly(".spool");
            }

            Unwritable.undo(locked);
            awaitState("t-ro", TaskState.DELIVERED);
            assertThat(Files.readAllBytes(drop().resolve("t-ro.mp4"))).isEqualTo(mp4);
            assertThat(API.findAll(getRequestedFor(urlPathEqualTo("/files/t-ro.mp4")))).hasSize(1);
        }
    }

    @Test
    void anUnwritableSpoolCleansUpAndRetriesTheDownloadWithoutCountingAnAttempt() throws Exception {
        byte[] mp4 = startWithLockedFolderThenTask(drop().resolve(".spool"), "t-spool", 92);

        awaitLastError("t-spool", "cannot write the spool file");
        assertThat(task("t-spool").orElseThrow().downloadAttempts()).isZero();

        Unwritable.undo(locked);
        TaskRecord task = awaitState("t-spool", TaskState.DELIVERED);
        assertThat(task.downloadAttempts()).isZero();
        assertThat(Files.readAllBytes(drop().resolve("t-spool.mp4"))).isEqualTo(mp4);
        // released right after the DELIVERED commit
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (var spool = Files.list(locked)) {
                assertThat(spool).isEmpty();
            }
        });
    }
}
