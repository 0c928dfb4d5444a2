package io.kiemp4drop.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the embedded store commits for a task taken in, a checked video in the spool or a final state
 * survives the process being killed the instant after: a restart that forgot would lose the task, or
 * download and deliver the video a second time.
 */
class StoreDurabilityIT {

    @TempDir
    Path stateDir;

    @ParameterizedTest
    @ValueSource(strings = {"added", "spooled", "cancelled"})
    void aCommitJustBeforeTheProcessIsKilledIsStillThereAfterARestart(String scenario) throws Exception {
        Path output = Files.createTempFile(stateDir.getParent(), "writer-", ".log");
        Process writer = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                CommitThenHalt.class.getName(), stateDir.toString(), scenario))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(writer.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(writer.exitValue()).as(Files.readString(output)).isEqualTo(CommitThenHalt.HALTED);

        TaskRecord task;
        try (var dataSource = DataSources.embedded(stateDir, 2)) {
            Database reopened = new Database(dataSource);
            new SchemaMigration(reopened).migrate();
            task = new TaskReads(reopened).find("t-durable").orElseThrow();
        }
        switch (scenario) {
            case "added" -> assertThat(task.state()).isEqualTo(TaskState.PENDING);
            case "spooled" -> {
                assertThat(task.state()).isEqualTo(TaskState.DELIVERING);
                assertThat(task.spoolFile()).isEqualTo("t-durable.writer.mp4");
                assertThat(task.bytes()).isEqualTo(1234L);
            }
            case "cancelled" -> assertThat(task.state()).isEqualTo(TaskState.CANCELLED);
            default -> throw new IllegalArgumentException(scenario);
        }
    }
}
