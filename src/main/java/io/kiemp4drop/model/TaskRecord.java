package io.kiemp4drop.model;

/** One row of the task store, as read back for reports, sidecars, summaries and the task API. */
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
        String recordJson,
        String sinksDone,
        String spoolFile,
        String mediaJson,
        String posterFile,
        Long sourceBytes,
        String sourceSha256,
        long nextPollAt) {

    /** True once the checked video sits in the spool (bytes and checksum known). */
    public boolean isSpooled() {
        return sha256 != null;
    }

    public boolean sinkDone(String sink) {
        return java.util.Arrays.asList(sinksDone.split(",")).contains(sink);
    }

    /** The row as it will read once the task ends in {@code state} for {@code reason}: what its report shows. */
    public TaskRecord ending(TaskState state, String reason, String newRecordJson) {
        return new TaskRecord(taskId, state, polls, downloadAttempts, createdAt, System.currentTimeMillis(), successSeenAt,
                null, reason, null, null, null, newRecordJson != null ? newRecordJson : recordJson, sinksDone, spoolFile, null, null, null, null,
                nextPollAt);
    }
}
