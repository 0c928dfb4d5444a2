package io.kiemp4drop.model;

/**
 * How far one download has come.
 *
 * @param bytesExpected the Content-Length the file host announced, or null
 * @param startedAt     epoch ms when the body began to stream
 * @param updatedAt     epoch ms of this reading
 */
public record DownloadProgress(String taskId, long bytesReceived, Long bytesExpected, long startedAt, long updatedAt) {

    /** Bytes per second so far, or 0 before the first second. */
    public long bytesPerSecond() {
        long elapsed = updatedAt - startedAt;
        return elapsed < 1000 ? 0 : bytesReceived * 1000 / elapsed;
    }

    /** Seconds left at the rate so far, or null when the size or the rate is not known. */
    public Long secondsLeft() {
        long rate = bytesPerSecond();
        return bytesExpected == null || rate == 0 ? null : Math.max(0, (bytesExpected - bytesReceived) / rate);
    }
}
