package io.kiemp4drop.run;

import io.kiemp4drop.intake.TaskIntake;
import io.kiemp4drop.model.Generation;
import io.kiemp4drop.model.GenerationState;
import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.store.GenerationLedger;
import io.kiemp4drop.store.TaskReads;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kie.exit-when-done: once every known task is final, no generation request waits to be sent and nothing waits in
 * the inbox, prints one summary line per task and per generation request kie.ai did not take (REJECTED, UNCERTAIN,
 * CANCELLED), and stops the process with exit code 0 when all tasks were delivered and no request was rejected or
 * left uncertain, 1 otherwise.
 */
public class RunCompletion {

    private static final Logger SUMMARY = LoggerFactory.getLogger("kie.summary");

    private final TaskReads reads;
    private final TaskIntake intake;
    private final GenerationLedger generations;
    private final Path inboxDir;
    private final RunControl control;

    public RunCompletion(TaskReads reads, TaskIntake intake, GenerationLedger generations, Path inboxDir, RunControl control) {
        this.generations = generations;
        this.reads = reads;
        this.intake = intake;
        this.inboxDir = inboxDir;
        this.control = control;
    }

    public void finishIfDone() {
        if (control.isFinishing() || !intake.isConfiguredTaken() || reads.countActive() > 0
                || generations.countByState().getOrDefault(GenerationState.SUBMITTING, 0L) > 0 || inboxHasFiles()) {
            return;
        }
        List<TaskRecord> tasks = reads.all();
        boolean allDelivered = true;
        for (TaskRecord task : tasks) {
            if (task.state() == TaskState.DELIVERED) {
                SUMMARY.info("{} DELIVERED {} ({} bytes, sha256 {})", task.taskId(), task.destination(), task.bytes(),
                        task.sha256());
            } else {
                allDelivered = false;
                SUMMARY.info("{} {} {}", task.taskId(), task.state(), task.lastError());
            }
        }
        for (GenerationState state : List.of(GenerationState.REJECTED, GenerationState.UNCERTAIN, GenerationState.CANCELLED)) {
            for (Generation request : generations.list(state, 1000, 0)) {
                allDelivered &= state == GenerationState.CANCELLED;
                SUMMARY.info("generation {} ({} / {}) {} {}", request.id(), request.musicTaskId(), request.audioId(), state,
                        request.lastError());
            }
        }
        int code = allDelivered ? RunControl.OK : RunControl.SOME_TASKS_FAILED;
        SUMMARY.info("All {} task(s) finished: {}; exiting with code {}", tasks.size(),
                allDelivered ? "all delivered" : "some not delivered", code);
        control.finish(code);
    }

    private boolean inboxHasFiles() {
        if (!Files.isDirectory(inboxDir)) {
            return false;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(inboxDir,
                p -> Files.isRegularFile(p) && !p.getFileName().toString().startsWith("."))) {
            return files.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }
}
