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
        String recordJson,
        String sinksDone,
        String spoolFile) {

    /** True once the checked video sits in the spool (bytes and checksum known). */
    public boolean isSpooled() {
        return sha256 != null;
    }

    public boolean sinkDone(String sink) {
        return java.util.Arrays.asList(sinksDone.split(",")).contains(sink);
    }
}
