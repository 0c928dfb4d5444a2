package io.kiemp4drop.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;

/**
 * A stand-in MP4 of any size: an ftyp box, then pseudo-random bytes from a seed. The bytes after the box repeat
 * every {@value #BLOCK} bytes, so only that block is ever held in memory and serving the video is writing the
 * same block again and again. The same size and seed give the same bytes; videos of different seeds differ.
 */
public final class GeneratedVideo {

    /** Length of the repeated block (1 MiB). */
    public static final int BLOCK = 1 << 20;

    private static final byte[] FTYP = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'};

    private final long size;
    private final byte[] block;

    public GeneratedVideo(long size, long seed) {
        if (size < 0) {
            throw new IllegalArgumentException("a video size is never negative: " + size);
        }
        this.size = size;
        this.block = new byte[(int) Math.min(size, BLOCK)];
        new Random(seed).nextBytes(block);
    }

    public long size() {
        return size;
    }

    /** Writes the whole video: the ftyp box, then the block as often as the size asks, without copying it. */
    public void writeTo(OutputStream out) throws IOException {
        int head = (int) Math.min(size, FTYP.length);
        out.write(FTYP, 0, head);
        long position = head;
        while (position < size) {
            int offset = (int) (position % BLOCK);
            int n = (int) Math.min(BLOCK - offset, size - position);
            out.write(block, offset, n);
            position += n;
        }
    }

    /** The video as a stream. */
    public InputStream open() {
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (length == 0) {
                    return 0;
                }
                if (position >= size) {
                    return -1;
                }
                int from = (int) (position % BLOCK);
                int n = (int) Math.min(Math.min(length, BLOCK - from), size - position);
                System.arraycopy(block, from, buffer, offset, n);
                for (long at = position; at < FTYP.length && at < position + n; at++) {
                    buffer[offset + (int) (at - position)] = FTYP[(int) at];
                }
                position += n;
                return n;
            }
        };
    }
}
