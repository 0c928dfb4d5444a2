package io.kiemp4drop.model;

/** A notification owed for a task that reached a final state, with the attempts made so far. */
public record Notification(long id, TaskState state, int attempts, TaskRecord task) {
}
