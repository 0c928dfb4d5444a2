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
import io.kiemp4drop.support.BundleRouteTest;
import io.kiemp4drop.support.KieApi;
import io.kiemp4drop.support.LogCapture;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Task IDs entering through kie.task-ids (route take-configured-tasks) and the inbox folder (route
 * import-inbox-file): validated, deduplicated, never trusted. The log lines with the counts and the escaped
 * refusals are documented behaviour, so they are asserted here.
 */
class TaskIntakeTest extends BundleRouteTest {

    private static final String HOSTILE_LINES = String.join("\n",
            "# today's batch", "", "t-one", "  t-two  ", "../x", "a/b", "..", "/etc/passwd", "bad\u0000id",
            "${sys:user.home}", "$simple{body}", "t-\u0430ne", "x".repeat(10_000), "t-one");

    private LogCapture logs;

    @BeforeEach
    void captureLogs() {
        API.stubFor(WireMock.get(urlPathEqualTo(KieApi.RECORD_INFO)).willReturn(json(200, pending("any"))));
        logs = LogCapture.install();
    }

    @AfterEach
    void stopCapturing() {
        logs.close();
    }

    private Path inbox(String name) {
        return home.resolve("inbox").resolve(name);
    }

    private void awaitFile(Path file) {
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(file));
    }

    private void assertErrorLineWithoutStackTrace(String fragment) {
        assertThat(logs.lines()).anyMatch(l -> l.startsWith("ERROR") && l.contains(fragment));
        assertThat(logs.all()).doesNotContain("\tat ");
    }

    @Test
    void inboxFilesAreImportedValidatedAndMovedToDone() throws Exception {
        start();
        Files.writeString(inbox("batch.txt"), HOSTILE_LINES, StandardCharsets.UTF_8);

        awaitFile(inbox(".done/batch.txt"));

        assertThat(tasks().all()).extracting(TaskRecord::taskId).containsExactlyInAnyOrder("t-one", "t-two");
        await().atMost(Duration.ofSeconds(20)).until(() -> !API.findAll(recordInfoRequests("t-two")).isEmpty());
        assertThat(API.findAll(getRequestedFor(urlPathEqualTo(KieApi.RECORD_INFO))))
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

    @Test
    @Settings("kie.task-ids=t-good, ../../etc,t\nforged log line,t-good")
    void configuredIdsAreValidatedAndBadOnesRefusedWithAnEscapedLogLine() throws Exception {
        start();

        await().atMost(Duration.ofSeconds(20)).until(() -> !API.findAll(recordInfoRequests("t-good")).isEmpty());
        assertThat(tasks().all()).extracting(TaskRecord::taskId).containsExactly("t-good");
        assertThat(logs.lines()).anyMatch(l -> l.contains("refused task ID \"../../etc\""));
        assertThat(logs.lines()).anyMatch(l -> l.contains("refused task ID \"t\\nforged log line\""));
        assertThat(logs.lines()).noneMatch(l -> l.startsWith("forged log line"));
        assertThat(logs.lines()).anyMatch(l -> l.contains("kie.task-ids: 1 added, 1 already known, 2 refused"));
    }

    @Test
    void reAddingAKnownTaskChangesNothing() throws Exception {
        byte[] mp4 = Mp4s.of(20_000, 31);
        kie.video("/files/t-once.mp4", mp4);
        API.stubFor(recordInfo("t-once").willReturn(json(200, kie.success("t-once", "/files/t-once.mp4"))));
        startWithTasks("t-once");
        TaskRecord delivered = awaitState("t-once", TaskState.DELIVERED);

        Files.writeString(inbox("again.txt"), "t-once\n");
        awaitFile(inbox(".done/again.txt"));

        assertThat(task("t-once").orElseThrow()).isEqualTo(delivered);
        assertThat(API.findAll(getRequestedFor(urlPathEqualTo("/files/t-once.mp4")))).hasSize(1);
    }

    @Test
    void aBinaryFileIsRefusedWholeAndImportsNothing() throws Exception {
        byte[] garbage = new byte[64 * 1024];
        new Random(99).nextBytes(garbage);
        start();
        // valid IDs ahead of the binary part: a file read line by line would have imported them
        try (var out = Files.newOutputStream(inbox("blob.bin"))) {
            out.write("t-bin-1\nt-bin-2\n".getBytes(StandardCharsets.UTF_8));
            out.write(garbage);
        }

        awaitFile(inbox(".failed/blob.bin"));

        assertThat(tasks().all()).isEmpty();
        assertErrorLineWithoutStackTrace("\"blob.bin\" is not UTF-8 text");
    }

    @Test
    // the import alone is under test: the scheduler's first tick comes before the file, the next one after the test
    @Settings("kie.poll.tick=1h")
    void aHundredThousandIdsWithDuplicatesAreImportedOnce() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            lines.append("bulk-").append(i).append('\n');
        }
        lines.append("bulk-7\nbulk-99999\n");
        start();
        Files.writeString(inbox("bulk.txt"), lines);

        await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(inbox(".done/bulk.txt")));

        assertThat(logs.lines()).anyMatch(l -> l.contains("Imported inbox file \"bulk.txt\": 100000 added, 2 already known, 0 refused"));
        assertThat(tasks().countActive()).isEqualTo(100_000);
    }

    @Test
    void aFileStillBeingWrittenIsImportedOnlyOnceComplete() throws Exception {
        start();
        Path growing = inbox("growing.txt");
        try (var out = Files.newBufferedWriter(growing)) {
            for (int i = 0; i < 30; i++) {
                out.write("slow-" + i + "\n");
                out.flush();
                // a writer that takes its time: a line every 100 ms, about 3 s in all, each well inside the
                // one second a file must stay unchanged before it is imported
                Thread.sleep(100);
                assertThat(Files.exists(inbox(".done/growing.txt"))).isFalse();
            }
        }

        awaitFile(inbox(".done/growing.txt"));

        assertThat(logs.lines().stream().filter(l -> l.contains("Imported inbox file \"growing.txt\"")))
                .singleElement().asString().contains("30 added");
        assertThat(tasks().all()).hasSize(30);
    }

    @Test
    @Settings("kie.inbox.max-file-bytes=100")
    void anOversizeInboxFileIsMovedToFailedUnread() throws Exception {
        start();
        // valid IDs: had the file been read, they would have been imported
        Files.writeString(inbox("huge.txt"), "t-x\n".repeat(100));

        awaitFile(inbox(".failed/huge.txt"));

        assertThat(tasks().all()).isEmpty();
        assertErrorLineWithoutStackTrace("more than kie.inbox.max-file-bytes");
    }
}
