package io.kiemp4drop.model;

/** One row of the task store, as read back for reports and summaries. */
public record TaskRecord(
        String taskId,
        TaskState state,
        int polls,
        int downloadAttempts,
        long createdAt,
        long updatedAt,
        Long successSeenAt,
        Long deliveredAt,
        String lastError,
        Long bytes,
        String sha256,
        String destination,
        String recordJson) {
}
