package io.kiemp4drop.support;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Ways to break a whole MP4's box structure, each on a copy: a box renamed or resized, bytes added. */
public final class BrokenMp4s {

    private BrokenMp4s() {
    }

    /** The offset of the first top-level box of this type. */
    public static int offsetOf(byte[] mp4, String type) {
        ByteBuffer buffer = ByteBuffer.wrap(mp4);
        for (int at = 0; at < mp4.length; at += buffer.getInt(at)) {
            if (new String(mp4, at + 4, 4, StandardCharsets.US_ASCII).equals(type)) {
                return at;
            }
        }
        throw new AssertionError("no top-level " + type);
    }

    /** A copy with the four bytes at {@code at} replaced by {@code type}. */
    public static byte[] typedAt(byte[] mp4, int at, String type) {
        byte[] copy = mp4.clone();
        System.arraycopy(type.getBytes(StandardCharsets.US_ASCII), 0, copy, at, 4);
        return copy;
    }

    /** A copy with the box at {@code box} renamed. */
    public static byte[] retyped(byte[] mp4, int box, String type) {
        return typedAt(mp4, box + 4, type);
    }

    /** A copy with the box at {@code box} declaring {@code size} (32-bit). */
    public static byte[] sized(byte[] mp4, int box, int size) {
        byte[] copy = mp4.clone();
        ByteBuffer.wrap(copy).putInt(box, size);
        return copy;
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
