package io.kiemp4drop.demo;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The boxes that open a {@link GeneratedVideo}: {@code ftyp}, a {@code moov} with a video track (1280 x 720,
 * {@code avc1}) and an audio track ({@code mp4a}) of a 10 s movie, and the header of an {@code mdat} box holding
 * the rest of the file (with a 64-bit size when the rest is 4 GiB or more). Only what a structure check reads is
 * filled in: the sample tables are empty.
 */
final class StandInMovie {

    static final int WIDTH = 1280;
    static final int HEIGHT = 720;
    static final int TIMESCALE = 1000;
    static final int DURATION = 10_000;

    private StandInMovie() {
    }

    /** The header of a video of {@code size} bytes. */
    static byte[] head(long size) {
        byte[] boxes = concat(ftyp(), moov());
        long mdat = size - boxes.length;
        boolean large = mdat > 0xFFFFFFFFL;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, boxes);
        if (large) {
            writeInts(out, 1);
            write(out, "mdat".getBytes(StandardCharsets.US_ASCII));
            writeLong(out, mdat);
        } else {
            writeInts(out, (int) Math.max(mdat, 8));
            write(out, "mdat".getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    private static byte[] ftyp() {
        return box("ftyp", ascii("isom"), ints(0x200), ascii("isomiso2avc1mp41"));
    }

    private static byte[] moov() {
        return box("moov",
                fullBox("mvhd", 0, ints(0, 0, TIMESCALE, DURATION, 0x00010000), shorts(0x0100, 0), new byte[8], matrix(),
                        new byte[24], ints(3)),
                trak(1, "vide", WIDTH, HEIGHT, box("vmhd", ints(1), new byte[8]), sampleEntry("avc1")),
                trak(2, "soun", 0, 0, fullBox("smhd", 0, new byte[4]), sampleEntry("mp4a")));
    }

    private static byte[] trak(int id, String handler, int width, int height, byte[] mediaHeader, byte[] sampleEntry) {
        return box("trak",
                fullBox("tkhd", 3, ints(0, 0, id, 0, DURATION, 0, 0), shorts(0, 0, handler.equals("soun") ? 0x0100 : 0, 0),
                        matrix(), ints(width << 16, height << 16)),
                box("mdia",
                        fullBox("mdhd", 0, ints(0, 0, TIMESCALE, DURATION), shorts(0x55c4, 0)),
                        fullBox("hdlr", 0, ints(0), ascii(handler), new byte[12], ascii("kie\0")),
                        box("minf", mediaHeader,
                                box("stbl",
                                        fullBox("stsd", 0, ints(1), sampleEntry),
                                        fullBox("stts", 0, ints(0)),
                                        fullBox("stsc", 0, ints(0)),
                                        fullBox("stsz", 0, ints(0, 0)),
                                        fullBox("stco", 0, ints(0))))));
    }

    private static byte[] sampleEntry(String type) {
        // reserved, data reference index 1
        return box(type, new byte[6], shorts(1));
    }

    private static byte[] matrix() {
        return ints(0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000);
    }

    private static byte[] fullBox(String type, int flags, byte[]... parts) {
        return box(type, concat(ints(flags), concat(parts)));
    }

    private static byte[] box(String type, byte[]... parts) {
        byte[] body = concat(parts);
        return concat(ints(8 + body.length), ascii(type), body);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] ints(int... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeInts(out, values);
        return out.toByteArray();
    }

    private static byte[] shorts(int... values) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (int value : values) {
                out.writeShort(value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeInts(ByteArrayOutputStream bytes, int... values) {
        for (int value : values) {
            write(bytes, new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
        }
    }

    private static void writeLong(ByteArrayOutputStream bytes, long value) {
        writeInts(bytes, (int) (value >>> 32), (int) value);
    }

    private static void write(ByteArrayOutputStream out, byte[] bytes) {
        out.write(bytes, 0, bytes.length);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            write(out, part);
        }
        return out.toByteArray();
    }
}
