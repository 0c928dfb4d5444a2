package io.kiemp4drop.support;

import io.kiemp4drop.demo.GeneratedVideo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Test videos, the ones the kie.ai simulator serves ({@link GeneratedVideo}): the boxes of a whole movie, then seeded
 * pseudo-random bytes, so every size and seed gives a distinct, checkable file; as bytes, or as a stream for
 * videos too large to hold.
 */
public final class Mp4s {

    /** What the moov of every test video says, as object metadata: a 10 s 1280 x 720 H.264 + AAC movie. */
    public static final Map<String, String> METADATA = Map.of("duration", "10.000", "width", "1280", "height", "720",
            "codecs", "avc1,mp4a");

    private Mp4s() {
    }

    public static byte[] of(int size, long seed) {
        try (InputStream in = open(size, seed)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same bytes as {@link #of}, streamed: never held in memory. */
    public static InputStream open(long size, long seed) {
        return new GeneratedVideo(size, seed).open();
    }

    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    public static String sha256(long size, long seed) throws IOException {
        return sha256(open(size, seed));
    }

    /** Reads the stream to its end and closes it. */
    public static String sha256(InputStream in) throws IOException {
        try (in) {
            MessageDigest digest = digest();
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
