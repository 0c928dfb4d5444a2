package io.kiemp4drop.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

/** Test videos: an ftyp box followed by seeded random bytes, so every size and seed gives a distinct, checkable file. */
public final class Mp4s {

    private Mp4s() {
    }

    public static byte[] of(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        byte[] header = {0, 0, 0, 0x18};
        System.arraycopy(header, 0, bytes, 0, 4);
        System.arraycopy("ftypisom".getBytes(StandardCharsets.US_ASCII), 0, bytes, 4, 8);
        return bytes;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
