package io.kiemp4drop.model;

import java.time.Duration;

/**
 * One classified record-info answer for one task.
 *
 * @param message    the API's msg or our own reason, already escaped for logs
 * @param retryAfter the server's Retry-After, when it sent one
 * @param record     the data object when {@code outcome} is RECORD
 */
public record PollResult(
        String taskId,
        PollOutcome outcome,
        int httpStatus,
        Integer apiCode,
        String message,
        Duration retryAfter,
        RecordInfo record) {

    /** The router's key: the record's successFlag, or empty when there is no record. */
    public String getSuccessFlag() {
        return record == null || record.successFlag() == null ? "" : record.successFlag();
    }
}
