package io.kiemp4drop.delivery;

import io.kiemp4drop.model.DownloadProgress;
import io.kiemp4drop.store.Downloads;
import io.kiemp4drop.store.StoreException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a video stream into the spool: records how far it has come in the store at most once a second (the task
 * API and the operator page read it there, on any replica) and logs a progress line at most every
 * kie.download.progress-log. Progress is best effort: a store hiccup never fails the download.
 */
public class DownloadWatch {

    private static final Logger LOG = LoggerFactory.getLogger(DownloadWatch.class);
    private static final long RECORD_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

    private final Downloads downloads;
    private final long logEveryNanos;

    /** @param logEvery kie.download.progress-log; zero: no progress lines */
    public DownloadWatch(Downloads downloads, Duration logEvery) {
        this.downloads = downloads;
        this.logEveryNanos = logEvery.toNanos();
    }

    public Watch begin(String taskId, Long bytesExpected) {
        quietly(() -> downloads.begin(taskId, bytesExpected));
        return new Watch(taskId, bytesExpected);
    }

    /** One download's watch; close it when the download ends, however it ends. */
    public final class Watch implements AutoCloseable {

        private final String taskId;
        private final Long bytesExpected;
        private final long startedAt = System.currentTimeMillis();
        private final long startedNanos = System.nanoTime();
        private long recordedNanos = startedNanos;
        private long loggedNanos = startedNanos;

        private Watch(String taskId, Long bytesExpected) {
            this.taskId = taskId;
            this.bytesExpected = bytesExpected;
        }

        /** {@code total} bytes have arrived so far. */
        public void received(long total) {
            long now = System.nanoTime();
            if (now - recordedNanos >= RECORD_EVERY_NANOS) {
                recordedNanos = now;
                quietly(() -> downloads.advance(taskId, total));
            }
            if (logEveryNanos > 0 && now - loggedNanos >= logEveryNanos) {
                loggedNanos = now;
                LOG.info("Task {} downloading: {}", taskId, describe(new DownloadProgress(taskId, total, bytesExpected,
                        startedAt, startedAt + (now - startedNanos) / 1_000_000)));
            }
        }

        @Override
        public void close() {
            quietly(() -> downloads.end(taskId));
        }
    }

    /** "12.0 MiB of 96.0 MiB (12%), 4.0 MiB/s, about 21 s left". */
    static String describe(DownloadProgress progress) {
        StringBuilder line = new StringBuilder(mib(progress.bytesReceived()));
        if (progress.bytesExpected() != null && progress.bytesExpected() > 0) {
            line.append(" of ").append(mib(progress.bytesExpected())).append(" (")
                    .append(progress.bytesReceived() * 100 / progress.bytesExpected()).append("%)");
        }
        line.append(", ").append(mib(progress.bytesPerSecond())).append("/s");
        if (progress.secondsLeft() != null) {
            line.append(", about ").append(progress.secondsLeft()).append(" s left");
        }
        return line.toString();
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private static void quietly(Runnable write) {
        try {
            write.run();
        } catch (StoreException e) {
            LOG.debug("download progress not recorded: {}", e.getMessage());
        }
    }
}
