package io.kiemp4drop.store;

import io.kiemp4drop.model.SpooledVideo;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Run in its own JVM by {@link StoreDurabilityIT}: takes a task through the steps of one scenario in the embedded
 * store, then halts the JVM at once, as {@code kill -9} would, with no shutdown hook and no orderly close of the
 * database.
 */
public final class CommitThenHalt {

    static final int HALTED = 42;

    private CommitThenHalt() {
    }

    public static void main(String[] args) {
        Path stateDir = Path.of(args[0]);
        String scenario = args[1];
        String taskId = "t-durable";
        Database db = new Database(DataSources.embedded(stateDir, 2));
        new SchemaMigration(db).migrate();
        Lease lease = new Lease("writer", Duration.ofMinutes(5));
        NotificationOutbox outbox = new NotificationOutbox(db, lease);
        new TaskRegistry(db).add(taskId, "test");
        switch (scenario) {
            case "added" -> {
            }
            case "spooled" -> {
                if (!new TaskQueue(db, lease).claimDuePolls(10).contains(taskId)
                        || !new PollTransitions(db, lease).startDelivery(taskId, "{}")) {
                    System.exit(1);
                }
                new DeliveryTransitions(db, lease, outbox).recordSpooled(
                        new SpooledVideo(taskId, Path.of(taskId + ".writer.mp4"), 1234, "ab".repeat(32)), null);
            }
            case "cancelled" -> {
                if (!new FinalStates(db, lease, outbox).cancel(taskId)) {
                    System.exit(1);
                }
            }
            default -> System.exit(2);
        }
        Runtime.getRuntime().halt(HALTED);
    }
}
