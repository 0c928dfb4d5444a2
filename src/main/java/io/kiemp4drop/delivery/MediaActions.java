package io.kiemp4drop.delivery;

import io.kiemp4drop.files.AtomicFiles;
import io.kiemp4drop.media.BrokenMp4Exception;
import io.kiemp4drop.media.Ffmpeg;
import io.kiemp4drop.media.FfmpegFailedException;
import io.kiemp4drop.media.MediaFacts;
import io.kiemp4drop.media.Mp4Inspector;
import io.kiemp4drop.model.SpooledVideo;
import io.kiemp4drop.validation.LogSafe;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional ffmpeg steps (routes/media.camel.yaml) on a checked spooled video, before it is recorded and
 * published. Each works on our own spool paths only; a step that fails logs one line and the video goes on without
 * it (no poster; the video as kie.ai served it).
 */
public class MediaActions {

    private static final Logger LOG = LoggerFactory.getLogger(MediaActions.class);
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};

    private final Ffmpeg ffmpeg;
    private final SpoolArea spool;
    private final Duration posterAt;
    private final int posterWidth;
    private final boolean fsync;

    public MediaActions(Ffmpeg ffmpeg, SpoolArea spool, Duration posterAt, int posterWidth, boolean fsync) {
        this.ffmpeg = ffmpeg;
        this.spool = spool;
        this.posterAt = posterAt;
        this.posterWidth = posterWidth;
        this.fsync = fsync;
    }

    /**
     * Remuxes a video whose moov comes after mdat, without re-encoding, so it plays before it has fully arrived. The
     * result must pass the structure check and be faststart; it then replaces the spooled file, and the served
     * file's size and SHA-256 are kept as the source's.
     */
    public SpooledVideo faststart(SpooledVideo video) throws InterruptedException {
        Path remuxed = spool.scratchFile(video.taskId(), "faststart.mp4");
        Path log = spool.scratchFile(video.taskId(), "log");
        try {
            ffmpeg.run(List.of("-i", video.file().toString(), "-map", "0", "-c", "copy", "-movflags", "+faststart",
                    "-f", "mp4", remuxed.toString()), log);
            MediaFacts facts = Mp4Inspector.inspect(remuxed);
            if (!facts.faststart()) {
                throw new FfmpegFailedException("ffmpeg's output still has moov after mdat");
            }
            String sha256 = sha256(remuxed);
            long bytes = Files.size(remuxed);
            AtomicFiles.move(remuxed, video.file());
            LOG.info("Task {}: remuxed for faststart ({} bytes, was {})", video.taskId(), bytes, video.bytes());
            return video.remuxed(bytes, sha256, facts);
        } catch (FfmpegFailedException | BrokenMp4Exception e) {
            LOG.warn("Task {}: faststart failed, delivering the video as kie.ai served it: {}", video.taskId(),
                    LogSafe.escape(e.getMessage()));
            return video;
        } catch (IOException e) {
            LOG.warn("Task {}: faststart failed, delivering the video as kie.ai served it: {}", video.taskId(),
                    LogSafe.describe(e));
            return video;
        } finally {
            deleteQuietly(remuxed);
            deleteQuietly(log);
        }
    }

    /**
     * A JPEG frame at kie.media.poster-at (the middle of a shorter video), kie.media.poster-width wide with the
     * aspect kept, beside the spooled video. A video without a video track gets none.
     */
    public SpooledVideo poster(SpooledVideo video) throws InterruptedException {
        MediaFacts media = video.media();
        if (media == null || media.videoCodec() == null) {
            LOG.info("Task {}: no video track, so no poster", video.taskId());
            return video;
        }
        double at = media.durationSeconds() > posterAt.toMillis() / 1000.0 ? posterAt.toMillis() / 1000.0
                : media.durationSeconds() / 2;
        Path image = spool.scratchFile(video.taskId(), "jpg");
        Path log = spool.scratchFile(video.taskId(), "log");
        try {
            ffmpeg.run(List.of("-ss", String.format(Locale.ROOT, "%.3f", at), "-i", video.file().toString(), "-frames:v", "1",
                    "-vf", "scale=" + posterWidth + ":-2", "-q:v", "3", "-f", "image2", "-c:v", "mjpeg", image.toString()), log);
            if (!isJpeg(image)) {
                throw new FfmpegFailedException("ffmpeg wrote no JPEG");
            }
            Path poster = spool.posterFile(video.taskId());
            AtomicFiles.move(image, poster);
            return video.withPoster(poster);
        } catch (FfmpegFailedException e) {
            LOG.warn("Task {}: no poster, the video goes without one: {}", video.taskId(), LogSafe.escape(e.getMessage()));
            return video;
        } catch (IOException e) {
            LOG.warn("Task {}: no poster, the video goes without one: {}", video.taskId(), LogSafe.describe(e));
            return video;
        } finally {
            deleteQuietly(image);
            deleteQuietly(log);
        }
    }

    private String sha256(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            while (channel.read(buffer) > 0) {
                digest.update(buffer.flip());
                buffer.clear();
            }
            if (fsync) {
                channel.force(false);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isJpeg(Path file) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) < JPEG.length) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(JPEG.length);
            return Arrays.equals(head, JPEG);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover .part file is removed at the next start
        }
    }
}
