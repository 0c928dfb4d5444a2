package io.kiemp4drop.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GeneratedVideoTest {

    private static final int MIB = GeneratedVideo.BLOCK;

    @Test
    void startsWithTheBoxesOfAMovieFollowedBySeededBytes() throws Exception {
        byte[] video = written(new GeneratedVideo(MIB, 7));
        byte[] head = StandInMovie.head(MIB);

        assertThat(new String(video, 4, 8, StandardCharsets.US_ASCII)).isEqualTo("ftypisom");
        assertThat(Arrays.copyOf(video, head.length)).isEqualTo(head);
        assertThat(new String(head, head.length - 4, 4, StandardCharsets.US_ASCII)).as("mdat runs to the end").isEqualTo("mdat");
        assertThat(Arrays.copyOfRange(video, head.length, MIB)).isEqualTo(Arrays.copyOfRange(randomPrefix(7, MIB), head.length, MIB));
    }

    @Test
    void theStreamAndTheWriterGiveTheSameBytesWhateverTheReadSizes() throws Exception {
        GeneratedVideo video = new GeneratedVideo(2 * MIB + 5, 3);
        byte[] streamed;
        try (InputStream in = video.open()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[7777];
            out.write(in.read());
            for (int n; (n = in.read(buffer, 0, 1 + out.size() % buffer.length)) > 0; ) {
                out.write(buffer, 0, n);
            }
            streamed = out.toByteArray();
        }
        assertThat(streamed).hasSize(2 * MIB + 5).isEqualTo(written(video));
    }

    @Test
    void theBytesRepeatEveryBlockWithoutTheBox() throws Exception {
        byte[] video = written(new GeneratedVideo(MIB + 100, 3));
        assertThat(Arrays.copyOfRange(video, MIB, MIB + 100)).isEqualTo(randomPrefix(3, 100));
        int head = StandInMovie.head(MIB + 100).length;
        assertThat(Arrays.copyOfRange(video, head, head + 100)).isEqualTo(Arrays.copyOfRange(randomPrefix(3, head + 100), head, head + 100));
    }

    @Test
    void seedsGiveDifferentVideosAndTheSameSeedTheSame() throws Exception {
        assertThat(written(new GeneratedVideo(4096, 1))).isEqualTo(written(new GeneratedVideo(4096, 1)))
                .isNotEqualTo(written(new GeneratedVideo(4096, 2)));
    }

    @Test
    void aVideoShorterThanItsBoxIsCut() throws Exception {
        assertThat(written(new GeneratedVideo(6, 1))).containsExactly(0, 0, 0, 0x20, 'f', 't');
        assertThat(written(new GeneratedVideo(0, 1))).isEmpty();
    }

    private static byte[] randomPrefix(long seed, int length) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] written(GeneratedVideo video) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        video.writeTo(out);
        return out.toByteArray();
    }
}
