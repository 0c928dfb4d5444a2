package io.kiemp4drop.delivery;

import io.kiemp4drop.model.SpooledVideo;
import io.kiemp4drop.files.AtomicFiles;
import io.kiemp4drop.files.EarlyFlush;
import io.kiemp4drop.files.LocalStorageException;
import io.kiemp4drop.metrics.KieMetrics;
import io.kiemp4drop.model.ExchangeNames;
import io.kiemp4drop.validation.LogSafe;
import io.kiemp4drop.validation.TaskIds;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.camel.Exchange;
import org.apache.hc.core5.http.io.EofSensorInputStream;

/**
 * Streams a download response into the spool folder while checking it: HTTP 200, an MP4 signature
 * ({@code ftyp} box at byte 4), at most kie.download.max-bytes, exactly Content-Length bytes when one was
 * announced, and its SHA-256. Memory use is one buffer, whatever the size of the video. A body that
 * fails a check is cut off (the connection is dropped, not drained) and its partial file deleted; one
 * that passes is renamed to its checked name in the spool.
 */
public class VideoSpooler {

    private static final int BUFFER_BYTES = 1 << 20;
    private static final byte[] FTYP = "ftyp".getBytes(StandardCharsets.US_ASCII);

    private final SpoolArea spool;
    private final long maxBytes;
    private final KieMetrics metrics;
    private final boolean fsync;
    private final DownloadWatch watch;

    /** @param fsync flush each video to the disk before it counts as spooled (kie.download.fsync) */
    public VideoSpooler(SpoolArea spool, long maxBytes, KieMetrics metrics, boolean fsync, DownloadWatch watch) {
        this.watch = watch;
        this.spool = spool;
        this.maxBytes = maxBytes;
        this.metrics = metrics;
        this.fsync = fsync;
    }

    public SpooledVideo spool(Exchange exchange) {
        String taskId = TaskIds.requireValid(exchange.getProperty(ExchangeNames.TASK_ID, String.class));
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        InputStream body = exchange.getMessage().getBody(InputStream.class);
        boolean complete = false;
        try {
            if (status != 200) {
                throw new DownloadCheckException("file host answered HTTP " + status
                        + (status == 403 || status == 404 || status == 410 ? " (link expired or removed?)" : ""));
            }
            if (body == null) {
                throw new DownloadCheckException("file host sent no body");
            }
            Long announced = contentLength(exchange);
            if (announced != null && announced > maxBytes) {
                throw new DownloadCheckException("file host announces " + announced
                        + " bytes, more than kie.download.max-bytes (" + maxBytes + ")");
            }
            long started = System.nanoTime();
            SpooledVideo video = copyChecked(taskId, body, announced);
            metrics.download(java.time.Duration.ofNanos(System.nanoTime() - started));
            complete = true;
            return video;
        } finally {
            if (!complete) {
                abort(body);
            }
        }
    }

    private SpooledVideo copyChecked(String taskId, InputStream body, Long announced) {
        Path part = spool.partFile(taskId);
        boolean kept = false;
        try {
            Files.createDirectories(spool.dir());
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[BUFFER_BYTES];
            byte[] head = new byte[8];
            long total = 0;
            try (DownloadWatch.Watch progress = watch.begin(taskId, announced);
                    FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                EarlyFlush flush = fsync ? new EarlyFlush(out) : null;
                int n;
                while ((n = readBody(body, buffer)) > 0) {
                    if (total < head.length) {
                        System.arraycopy(buffer, 0, head, (int) total, (int) Math.min(n, head.length - total));
                    }
                    total += n;
                    if (total > maxBytes) {
                        throw new DownloadCheckException("body exceeds kie.download.max-bytes (" + maxBytes + ")");
                    }
                    if (total >= head.length && total - n < head.length && !isMp4(head)) {
                        throw new DownloadCheckException("body is not an MP4 (no ftyp box at byte 4; starts with "
                                + LogSafe.quote(new String(head, StandardCharsets.ISO_8859_1)) + ")");
                    }
                    sha256.update(buffer, 0, n);
                    ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                    while (chunk.hasRemaining()) {
                        out.write(chunk);
                    }
                    progress.received(total);
                    if (flush != null) {
                        flush.written(total);
                    }
                }
                if (total < head.length) {
                    throw new DownloadCheckException("body is not an MP4 (only " + total + " bytes)");
                }
                if (announced != null && total != announced) {
                    throw new DownloadCheckException("body has " + total + " bytes but Content-Length announced " + announced);
                }
                if (flush != null) {
                    flush.finish();
                }
            }
            Path checked = spool.videoFile(taskId);
            AtomicFiles.move(part, checked);
            kept = true;
            return new SpooledVideo(taskId, checked, total, HexFormat.of().formatHex(sha256.digest()));
        } catch (IOException e) {
            throw new LocalStorageException("cannot write the spool file in " + spool.dir() + ": " + LogSafe.escape(e.getMessage()), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            if (!kept) {
                deleteQuietly(part);
            }
        }
    }

    /** Reads from the network; failures here are about the download, not about our disk. */
    private static int readBody(InputStream body, byte[] buffer) {
        try {
            return body.read(buffer);
        } catch (IOException e) {
            throw new DownloadCheckException("body cut short: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + LogSafe.escape(e.getMessage())), e);
        }
    }

    private static boolean isMp4(byte[] head) {
        for (int i = 0; i < FTYP.length; i++) {
            if (head[4 + i] != FTYP[i]) {
                return false;
            }
        }
        return true;
    }

    private static Long contentLength(Exchange exchange) {
        String value = exchange.getMessage().getHeader("Content-Length", String.class);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new DownloadCheckException("file host sent an unreadable Content-Length " + LogSafe.quote(value));
        }
    }

    /** Drops the connection instead of reading the rest of a body we refuse (it may be gigabytes). */
    static void abort(InputStream body) {
        try {
            if (body instanceof EofSensorInputStream sensor) {
                sensor.abort();
            } else if (body != null) {
                body.close();
            }
        } catch (IOException ignored) {
            // the connection is being thrown away anyway
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover spool file is removed at the next start
        }
    }
}
