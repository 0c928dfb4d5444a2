package io.kiemp4drop.intake;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.pending;
import static io.kiemp4drop.support.KieApi.recordInfo;
import static io.kiemp4drop.support.KieApi.recordInfoRequests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.DropTestBase;
import io.kiemp4drop.support.LogCapture;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.RunningDrop;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Task IDs entering through kie.task-ids and the inbox folder: validated, deduplicated, never trusted. */
class TaskIntakeTest extends DropTestBase {

    private static final String HOSTILE_LINES = String.join("\n",
            "# today's batch", "", "t-one", "  t-two  ", "../x", "a/b", "..", "/etc/passwd", "bad\u0000id",
            "${sys:user.home}", "$simple{body}", "t-\u0430ne", "x".repeat(10_000), "t-one");

    @Test
    void inboxFilesAreImportedValidatedAndMovedToDone() throws Exception {
        API.stubFor(WireMock.get(urlPathEqualTo("/api/v1/mp4/record-info")).willReturn(json(200, pending("any"))));
        try (LogCapture logs = LogCapture.install()) {
            RunningDrop drop = start(settings());
            Path inbox = home.resolve("inbox");
            Files.writeString(inbox.resolve("batch.txt"), HOSTILE_LINES, StandardCharsets.UTF_8);

            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(inbox.resolve(".done/batch.txt")));

            assertThat(drop.store().all()).extracting(TaskRecord::taskId).containsExactlyInAnyOrder("t-one", "t-two");
            await().atMost(Duration.ofSeconds(20)).until(() -> !API.findAll(recordInfoRequests("t-two")).isEmpty());
            assertThat(API.findAll(getRequestedFor(urlPathEqualTo("/api/v1/mp4/record-info"))))
                    .allSatisfy(r -> assertThat(r.queryParameter("taskId").firstValue()).isIn("t-one", "t-two"));
            assertThat(logs.lines()).anyMatch(l -> l.contains("Imported inbox file \"batch.txt\": 2 added, 1 already known, 9 refused"));
            assertThat(logs.lines()).anyMatch(l -> l.contains("refused task ID \"bad\\u0000id\""));
            assertThat(logs.lines()).anyMatch(l -> l.contains("refused task ID \"t-\\u0430ne\""));
            assertThat(logs.lines()).anyMatch(l -> l.contains("refused task ID \"${sys:user.home}\""));
            assertThat(logs.all()).doesNotContain(System.getProperty("user.home") + "\"");
            assertThat(logs.all()).doesNotContain("x".repeat(200));
            try (var stray = Files.walk(home)) {
                assertThat(stray.map(p -> p.getFileName().toString())).doesNotContain("x", "passwd");
            }
        }
    }

    @Test
    void configuredIdsAreValidatedAndBadOnesRefusedWithAnEscapedLogLine() throws Exception {
        API.stubFor(WireMock.get(urlPathEqualTo("/api/v1/mp4/record-info")).willReturn(json(200, pending("any"))));
        try (LogCapture logs = LogCapture.install()) {
            Map<String, String> s = settings();
            s.put("kie.task-ids", "t-good, ../../etc,t\nforged log line,t-good");
            RunningDrop drop = start(s);

            await().atMost(Duration.ofSeconds(20)).until(() -> !API.findAll(recordInfoRequests("t-good")).isEmpty());
            assertThat(drop.store().all()).extracting(TaskRecord::taskId).containsExactly("t-good");
            assertThat(logs.lines()).anyMatch(l -> l.contains("refused task ID \"../../etc\""));
            assertThat(logs.lines()).anyMatch(l -> l.contains("refused task ID \"t\\nforged log line\""));
            assertThat(logs.lines()).noneMatch(l -> l.startsWith("forged log line"));
            assertThat(logs.lines()).anyMatch(l -> l.contains("kie.task-ids: 1 added, 1 already known, 2 refused"));
        }
    }

    @Test
    void reAddingAKnownTaskChangesNothing() throws Exception {
        byte[] mp4 = Mp4s.of(20_000, 31);
        kie.video("/files/t-once.mp4", mp4);
        API.stubFor(recordInfo("t-once").willReturn(json(200, kie.success("t-once", "/files/t-once.mp4"))));
        RunningDrop drop = startWithTasks("t-once");
        TaskRecord delivered = drop.awaitState("t-once", TaskState.DELIVERED);

        Files.writeString(home.resolve("inbox/again.txt"), "t-once\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(home.resolve("inbox/.done/again.txt")));

        assertThat(drop.task("t-once").orElseThrow()).isEqualTo(delivered);
        assertThat(API.findAll(getRequestedFor(urlPathEqualTo("/files/t-once.mp4")))).hasSize(1);
    }

    @Test
    void aBinaryFileIsRefusedWholeAndImportsNothing() throws Exception {
        byte[] garbage = new byte[64 * 1024];
        new java.util.Random(99).nextBytes(garbage);
        try (LogCapture logs = LogCapture.install()) {
            RunningDrop drop = start(settings());
            Files.write(home.resolve("inbox/blob.bin"), garbage);

            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(home.resolve("inbox/.failed/blob.bin")));
            assertThat(drop.store().all()).isEmpty();
            assertThat(logs.lines()).anyMatch(l -> l.startsWith("ERROR") && l.contains("\"blob.bin\" is not UTF-8 text"));
            assertThat(logs.all()).doesNotContain("\tat ");
        }
    }

    @Test
    void aHundredThousandIdsWithDuplicatesAreImportedOnce() throws Exception {
        API.stubFor(WireMock.get(urlPathEqualTo("/api/v1/mp4/record-info")).willReturn(json(200, pending("any"))));
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            lines.append("bulk-").append(i).append('\n');
        }
        lines.append("bulk-7\nbulk-99999\n");
        try (LogCapture logs = LogCapture.install()) {
            Map<String, String> s = settings();
            s.put("kie.api.max-requests-per-second", "5");
            RunningDrop drop = start(s);
            Files.writeString(home.resolve("inbox/bulk.txt"), lines);

            await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(home.resolve("inbox/.done/bulk.txt")));
            assertThat(logs.lines()).anyMatch(l -> l.contains("Imported inbox file \"bulk.txt\": 100000 added, 2 already known, 0 refused"));
            assertThat(drop.store().countActive()).isEqualTo(100_000);
        }
    }

    @Test
    void aFileStillBeingWrittenIsImportedOnlyOnceComplete() throws Exception {
        API.stubFor(WireMock.get(urlPathEqualTo("/api/v1/mp4/record-info")).willReturn(json(200, pending("any"))));
        try (LogCapture logs = LogCapture.install()) {
            RunningDrop drop = start(settings());
            Path growing = home.resolve("inbox/growing.txt");
            try (var out = Files.newBufferedWriter(growing)) {
                for (int i = 0; i < 30; i++) {
                    out.write("slow-" + i + "\n");
                    out.flush();
                    // a writer that takes its time: a line every 100 ms, about 3 s in all, each well inside the
                    // one second a file must stay unchanged before it is imported
                    Thread.sleep(100);
                    assertThat(Files.exists(home.resolve("inbox/.done/growing.txt"))).isFalse();
                }
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(home.resolve("inbox/.done/growing.txt")));
            assertThat(logs.lines().stream().filter(l -> l.contains("Imported inbox file \"growing.txt\"")))
                    .singleElement().asString().contains("30 added");
            assertThat(drop.store().all()).hasSize(30);
        }
    }

    @Test
    void anOversizeInboxFileIsMovedToFailedUnread() throws Exception {
        try (LogCapture logs = LogCapture.install()) {
            Map<String, String> s = settings();
            s.put("kie.inbox.max-file-bytes", "100");
            RunningDrop drop = start(s);
            Files.writeString(home.resolve("inbox/huge.txt"), "t-x\n".repeat(100));

            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(home.resolve("inbox/.failed/huge.txt")));
            assertThat(drop.store().all()).isEmpty();
            assertThat(logs.lines()).anyMatch(l -> l.startsWith("ERROR") && l.contains("more than kie.inbox.max-file-bytes"));
            assertThat(logs.all()).doesNotContain("\tat ");
        }
    }
}
