package io.kiemp4drop.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;

/**
 * A stand-in MP4 of any size: a structurally whole one ({@code ftyp}, a {@code moov} describing a 10 s 1280 x 720
 * H.264 + AAC movie, then an {@code mdat} box running to the end), whose media data are pseudo-random bytes from a
 * seed. The bytes repeat every {@value #BLOCK} bytes under the boxes' header, so only that block is ever held in
 * memory and serving the video is writing the same block again and again. The same size and seed give the same
 * bytes; videos of different seeds differ. A size smaller than the header gives the header cut short.
 */
public final class GeneratedVideo {

    /** Length of the repeated block (1 MiB). */
    public static final int BLOCK = 1 << 20;

    private final long size;
    private final byte[] block;
    private final byte[] head;

    public GeneratedVideo(long size, long seed) {
        if (size < 0) {
            throw new IllegalArgumentException("a video size is never negative: " + size);
        }
        this.size = size;
        this.block = new byte[(int) Math.min(size, BLOCK)];
        new Random(seed).nextBytes(block);
        this.head = StandInMovie.head(size);
    }

    public long size() {
        return size;
    }

    /** Writes the whole video: the boxes' header, then the block as often as the size asks, without copying it. */
    public void writeTo(OutputStream out) throws IOException {
        int headLength = (int) Math.min(size, head.length);
        out.write(head, 0, headLength);
        long position = headLength;
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
                for (long at = position; at < head.length && at < position + n; at++) {
                    buffer[offset + (int) (at - position)] = head[(int) at];
                }
                position += n;
                return n;
            }
        };
    }
}
