package io.kiemp4drop.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EarlyFlushTest {

    @TempDir
    Path dir;

    @Test
    void everyByteIsInTheFileWhenFinishReturnsWhileFlushesRanDuringTheWrites() throws IOException {
        Path file = dir.resolve("video.part");
        byte[] block = new byte[1 << 20];
        long total = 0;
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            EarlyFlush flush = new EarlyFlush(out);
            for (int i = 0; i < 40; i++) {
                Arrays.fill(block, (byte) i);
                ByteBuffer chunk = ByteBuffer.wrap(block);
                while (chunk.hasRemaining()) {
                    total += out.write(chunk);
                }
                flush.written(total);
            }
            flush.finish();
        }
        assertThat(Files.size(file)).isEqualTo(40L << 20);
        byte[] written = Files.readAllBytes(file);
        assertThat(written[0]).isEqualTo((byte) 0);
        assertThat(written[(39 << 20) + 5]).isEqualTo((byte) 39);
    }

    @Test
    void aFlushThatFailedOnItsOwnThreadIsReportedByFinish() throws IOException {
        FileChannel out = FileChannel.open(dir.resolve("video.part"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        EarlyFlush flush = new EarlyFlush(out);
        out.close();
        flush.written(32L << 20);
        assertThatThrownBy(flush::finish).isInstanceOf(ClosedChannelException.class);
    }
}
