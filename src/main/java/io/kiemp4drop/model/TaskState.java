package io.kiemp4drop.model;

/** Life cycle of a tracked task. Only PENDING and DELIVERING tasks are still worked on. */
public enum TaskState {
    /** Known, polled on schedule until record-info reports a final outcome. */
    PENDING,
    /** SUCCESS seen; the MP4 is being downloaded and delivered. */
    DELIVERING,
    DELIVERED,
    /** kie.ai reported a failure, or the download failed for good. */
    FAILED,
    /** Not finished within kie.poll.give-up-after. */
    EXPIRED,
    /** The API refused the task ID as malformed (400/422). */
    INVALID,
    /** The API did not know the task after kie.poll.not-found-attempts polls. */
    NOT_FOUND,
    /** Stopped by an operator (DELETE /tasks/{taskId}). */
    CANCELLED;

    public boolean isTerminal() {
        return this != PENDING && this != DELIVERING;
    }
}
