package io.kiemp4drop.store;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Run in its own JVM by {@link StoreDurabilityTest}: takes a task through the steps of one scenario in
 * the embedded store, then halts the JVM at once, as {@code kill -9} would, with no shutdown hook and no
 * orderly close of the database.
 */
public final class CommitThenHalt {

    static final int HALTED = 42;

    private CommitThenHalt() {
    }

    public static void main(String[] args) {
        Path stateDir = Path.of(args[0]);
        String scenario = args[1];
        String taskId = "t-durable";
        TaskStore store = new TaskStore(DataSources.embedded(stateDir, 2), "writer", Duration.ofMinutes(5));
        store.migrate();
        store.add(taskId, "test");
        switch (scenario) {
            case "added" -> {
            }
            case "spooled" -> {
                if (!store.claimDue(10).contains(taskId) || !store.startDelivery(taskId, "{}")) {
                    System.exit(1);
                }
                store.recordSpooled(taskId, 1234, "ab".repeat(32), taskId + ".writer.mp4");
            }
            case "cancelled" -> {
                if (!store.cancel(taskId)) {
                    System.exit(1);
                }
            }
            default -> System.exit(2);
        }
        Runtime.getRuntime().halt(HALTED);
    }
}
