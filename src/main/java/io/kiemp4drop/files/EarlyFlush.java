package io.kiemp4drop.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Flushes a file being written to the disk while it is still being written, on a thread of its own, so that the
 * flush a spooled video needs before it counts (kie.download.fsync) finds little left to do: a 64 MiB video
 * flushed at its end held its download thread while the disk took all of it. At most one flush is in flight
 * per file; {@link #finish()} waits for it, flushes the rest and reports any failure.
 */
public final class EarlyFlush {

    private static final long EVERY_BYTES = 16L << 20;
    private static final ExecutorService FLUSHERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "kie-spool-flush");
        thread.setDaemon(true);
        return thread;
    });

    private final FileChannel file;
    private long flushedUpTo;
    private CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);

    public EarlyFlush(FileChannel file) {
        this.file = file;
    }

    /** After {@code total} bytes were written: starts a flush when enough is new and none is running. */
    public void written(long total) {
        if (total - flushedUpTo >= EVERY_BYTES && inFlight.isDone()) {
            flushedUpTo = total;
            inFlight = CompletableFuture.runAsync(this::force, FLUSHERS);
        }
    }

    /** Every byte written so far is on the disk when this returns. */
    public void finish() throws IOException {
        try {
            inFlight.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof UncheckedIOException io ? io.getCause() : new IOException(e.getCause());
        }
        file.force(false);
    }

    private void force() {
        try {
            file.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
