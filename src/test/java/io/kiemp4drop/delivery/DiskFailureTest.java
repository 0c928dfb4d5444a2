package io.kiemp4drop.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.recordInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.DropTestBase;
import io.kiemp4drop.support.LogCapture;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.RunningDrop;
import io.kiemp4drop.support.Unwritable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Our own disk says no: clear error, nothing half-written in the drop, the task tried again later. */
class DiskFailureTest extends DropTestBase {

    private Path locked;

    @AfterEach
    void unlock() throws Exception {
        if (locked != null) {
            Unwritable.undo(locked);
        }
    }

    @Test
    void anUnwritableDropFolderKeepsTheVideoSpooledUntilItCanBePublished() throws Exception {
        byte[] mp4 = Mp4s.of(150_000, 91);
        kie.video("/files/t-ro.mp4", mp4);
        try (LogCapture logs = LogCapture.install()) {
            RunningDrop drop = start(settings());
            locked = drop.drop();
            Unwritable.make(locked);
            API.stubFor(recordInfo("t-ro").willReturn(json(200, kie.success("t-ro", "/files/t-ro.mp4"))));
            Files.writeString(home.resolve("inbox/t.txt"), "t-ro\n");

            await().atMost(Duration.ofSeconds(30)).until(() -> drop.task("t-ro").map(TaskRecord::lastError).orElse("")
                    .contains("cannot publish into kie.drop.dir"));
            assertThat(drop.state("t-ro")).isEqualTo(TaskState.DELIVERING);
            assertThat(logs.lines()).anyMatch(l -> l.startsWith("WARN") && l.contains("t-ro: publishing to the drop folder")
                    && l.contains("cannot publish into kie.drop.dir"));
            assertThat(logs.all()).doesNotContain("\tat ");
            try (var visible = Files.list(drop.drop())) {
                assertThat(visible.map(p -> p.getFileName().toString())).containsOnly(".spool");
            }

            Unwritable.undo(locked);
            drop.awaitState("t-ro", TaskState.DELIVERED);
            assertThat(Files.readAllBytes(drop.drop().resolve("t-ro.mp4"))).isEqualTo(mp4);
            assertThat(API.findAll(getRequestedFor(urlPathEqualTo("/files/t-ro.mp4")))).hasSize(1);
        }
    }

    @Test
    void anUnwritableSpoolCleansUpAndRetriesTheDownloadWithoutCountingAnAttempt() throws Exception {
        byte[] mp4 = Mp4s.of(150_000, 92);
        kie.video("/files/t-spool.mp4", mp4);
        try (LogCapture logs = LogCapture.install()) {
            RunningDrop drop = start(settings());
            locked = drop.drop().resolve(".spool");
            Unwritable.make(locked);
            API.stubFor(recordInfo("t-spool").willReturn(json(200, kie.success("t-spool", "/files/t-spool.mp4"))));
            Files.writeString(home.resolve("inbox/t.txt"), "t-spool\n");

            await().atMost(Duration.ofSeconds(30)).until(() -> drop.task("t-spool").map(TaskRecord::lastError).orElse("")
                    .contains("cannot write the spool file"));
            assertThat(drop.task("t-spool").orElseThrow().downloadAttempts()).isZero();

            Unwritable.undo(locked);
            TaskRecord task = drop.awaitState("t-spool", TaskState.DELIVERED);
            assertThat(task.downloadAttempts()).isZero();
            assertThat(Files.readAllBytes(drop.drop().resolve("t-spool.mp4"))).isEqualTo(mp4);
            // released right after the DELIVERED commit
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (var spool = Files.list(locked)) {
                    assertThat(spool).isEmpty();
                }
            });
        }
    }
}
