package io.kiemp4drop.media;

import static io.kiemp4drop.support.BrokenMp4s.concat;
import static io.kiemp4drop.support.BrokenMp4s.offsetOf;
import static io.kiemp4drop.support.BrokenMp4s.retyped;
import static io.kiemp4drop.support.BrokenMp4s.sized;
import static io.kiemp4drop.support.BrokenMp4s.typedAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.kiemp4drop.demo.GeneratedVideo;
import io.kiemp4drop.support.RealMp4s;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Mp4InspectorTest {

    private static final Pattern ROOT_BOX = Pattern.compile("type:'(\\w{4})' parent:'root'");

    @TempDir
    Path dir;

    static Stream<Arguments> realFiles() {
        return Stream.of(
                Arguments.of("H.264 + AAC, faststart", (Supplier<Path>) RealMp4s::h264AacFaststart),
                Arguments.of("H.264 + AAC, moov last", (Supplier<Path>) RealMp4s::h264Aac),
                Arguments.of("HEVC + AAC", (Supplier<Path>) RealMp4s::hevcAac),
                Arguments.of("audio only", (Supplier<Path>) RealMp4s::audioOnly),
                Arguments.of("video only", (Supplier<Path>) RealMp4s::videoOnly),
                Arguments.of("mdat with a 64-bit size", (Supplier<Path>) RealMp4s::largesizeMdat));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("realFiles")
    void everyFactIsWhatFfprobeReads(String kind, Supplier<Path> made) throws Exception {
        Path file = made.get();
        JsonNode probe = RealMp4s.probe(file);
        JsonNode video = RealMp4s.stream(probe, "video");
        JsonNode audio = RealMp4s.stream(probe, "audio");

        MediaFacts facts = Mp4Inspector.inspect(file);

        assertThat(facts.durationSeconds()).isCloseTo(probe.path("format").path("duration").asDouble(), within(0.0015));
        assertThat(facts.bitrate()).isCloseTo(probe.path("format").path("bit_rate").asLong(), within(facts.bitrate() / 100));
        assertThat(facts.tracks()).isEqualTo(probe.path("format").path("nb_streams").asInt());
        assertThat(facts.width()).isEqualTo(video == null ? null : video.path("width").asInt());
        assertThat(facts.height()).isEqualTo(video == null ? null : video.path("height").asInt());
        assertThat(facts.videoCodec()).isEqualTo(video == null ? null : video.path("codec_tag_string").asText());
        assertThat(facts.audioCodec()).isEqualTo(audio == null ? null : audio.path("codec_tag_string").asText());
        List<String> rootBoxes = rootBoxesAsFfprobeSeesThem(file);
        assertThat(facts.faststart()).isEqualTo(rootBoxes.indexOf("moov") < rootBoxes.indexOf("mdat"));
    }

    @Test
    void theFixturesCoverBothLayoutsAndTheCodecsNamed() {
        assertThat(Mp4Inspector.inspect(RealMp4s.h264AacFaststart()).faststart()).isTrue();
        assertThat(Mp4Inspector.inspect(RealMp4s.h264Aac()).faststart()).isFalse();
        assertThat(Mp4Inspector.inspect(RealMp4s.hevcAac()).codecs()).isEqualTo("hvc1,mp4a");
        assertThat(Mp4Inspector.inspect(RealMp4s.audioOnly()).videoCodec()).isNull();
        assertThat(Mp4Inspector.inspect(RealMp4s.videoOnly()).audioCodec()).isNull();
    }

    @Test
    void theStandInVideoOfTheSimulatorIsWholeAndSaysWhatItIs() throws Exception {
        Path file = dir.resolve("stand-in.mp4");
        try (OutputStream out = Files.newOutputStream(file)) {
            new GeneratedVideo(3_000_000, 5).writeTo(out);
        }
        assertThat(Mp4Inspector.inspect(file)).isEqualTo(new MediaFacts(10.0, 1280, 720, "avc1", "mp4a", 2_400_000, true, 2));
    }

    @Test
    void aStandInVideoOverFourGibibytesHasAn64BitMdatAndIsReadWithoutItsMediaData() throws Exception {
        long size = 5L << 30;
        Path file = dir.resolve("sparse.mp4");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            byte[] head = new byte[4096];
            new GeneratedVideo(size, 5).open().readNBytes(head, 0, head.length);
            sparse.write(head);
            sparse.setLength(size);
        }
        MediaFacts facts = Mp4Inspector.inspect(file);
        assertThat(facts.tracks()).isEqualTo(2);
        assertThat(facts.bitrate()).isEqualTo(size * 8 / 10);
    }

    @Test
    void withoutMoovTheFileIsRefused() throws Exception {
        byte[] whole = Files.readAllBytes(RealMp4s.h264AacFaststart());
        byte[] mp4 = retyped(whole, offsetOf(whole, "moov"), "free");
        assertRefused(mp4, "no 'moov' box (the movie's description) in 4 top-level boxes");
    }

    @Test
    void anMdatRunningPastTheEndIsRefusedWithItsOffsetAndSize() throws Exception {
        byte[] whole = Files.readAllBytes(RealMp4s.h264AacFaststart());
        int mdat = offsetOf(whole, "mdat");
        int declared = whole.length - mdat + 100;
        byte[] mp4 = sized(whole, mdat, declared);
        assertRefused(mp4, "box 'mdat' at offset " + mdat + " declares " + declared + " bytes, running past the end of the file ("
                + mp4.length + " bytes)");
    }

    @Test
    void aBoxOfSizeZeroInTheMiddleSwallowsWhatFollowsAndTheReasonSaysSo() throws Exception {
        byte[] whole = Files.readAllBytes(RealMp4s.h264Aac());
        int mdat = offsetOf(whole, "mdat");
        assertRefused(sized(whole, mdat, 0), "no 'moov' box (the movie's description) in 3 top-level boxes; 'mdat' at offset " + mdat
                + " declares size 0, so it runs to the end of the file");
    }

    @Test
    void junkAfterTheLastBoxIsRefused() throws Exception {
        byte[] whole = Files.readAllBytes(RealMp4s.h264AacFaststart());
        byte[] junk = new byte[100];
        Arrays.fill(junk, (byte) 0xff);
        assertRefused(concat(whole, junk), "no box at offset " + whole.length + ": its type bytes \\xff\\xff\\xff\\xff are not a box type");
        assertRefused(concat(whole, new byte[5]), "5 bytes after the last box, at offset " + whole.length + ": too few for a box header");
    }

    @Test
    void aFileThatDoesNotStartWithFtypIsRefused() throws Exception {
        byte[] whole = Files.readAllBytes(RealMp4s.h264AacFaststart());
        byte[] free = {0, 0, 0, 8, 'f', 'r', 'e', 'e'};
        assertRefused(concat(free, whole), "the first box is 'free' at offset 0, not 'ftyp'");
    }

    @Test
    void aFileThatIsOnlyAnFtypIsRefused() throws Exception {
        byte[] whole = Files.readAllBytes(RealMp4s.h264AacFaststart());
        byte[] ftyp = Arrays.copyOf(whole, ByteBuffer.wrap(whole).getInt(0));
        assertRefused(ftyp, "no 'moov' box (the movie's description) in 1 top-level boxes");
    }

    @Test
    void aMoovWithoutAVideoOrAudioTrackIsRefused() throws Exception {
        byte[] mp4 = Files.readAllBytes(RealMp4s.h264AacFaststart());
        for (String handler : List.of("vide", "soun")) {
            mp4 = typedAt(mp4, indexOf(mp4, handler.getBytes(StandardCharsets.US_ASCII), offsetOf(mp4, "moov")), "text");
        }
        assertRefused(mp4, "'moov' at offset " + offsetOf(mp4, "moov") + " holds no video or audio track (2 tracks)");
    }

    @Test
    void aBoxInsideMoovRunningPastMoovIsRefused() throws Exception {
        byte[] whole = Files.readAllBytes(RealMp4s.h264AacFaststart());
        int moov = offsetOf(whole, "moov");
        int trak = indexOf(whole, "trak".getBytes(StandardCharsets.US_ASCII), moov) - 4;
        assertRefused(sized(whole, trak, 1_000_000), "box 'trak' at offset " + trak + " declares 1000000 bytes, running past the end of its parent 'moov' at offset " + moov);
    }

    @Test
    void aBoxSmallerThanItsHeaderIsRefused() throws Exception {
        byte[] whole = Files.readAllBytes(RealMp4s.h264AacFaststart());
        int mdat = offsetOf(whole, "mdat");
        assertRefused(sized(whole, mdat, 4), "box 'mdat' at offset " + mdat + " declares a size of 4, smaller than its header");
    }

    @Test
    void anEmptyFileIsRefused() throws Exception {
        assertRefused(new byte[0], "the file is empty");
    }

    private void assertRefused(byte[] mp4, String reason) throws Exception {
        Path file = Files.write(dir.resolve("broken.mp4"), mp4);
        assertThatThrownBy(() -> Mp4Inspector.inspect(file)).isInstanceOf(BrokenMp4Exception.class).hasMessage(reason);
    }

    /** The top-level boxes in the order ffprobe's MP4 reader meets them (its trace log). */
    private static List<String> rootBoxesAsFfprobeSeesThem(Path file) throws Exception {
        Process ffprobe = new ProcessBuilder("ffprobe", "-v", "trace", file.toString()).redirectErrorStream(true).start();
        String trace = new String(ffprobe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ffprobe.waitFor();
        List<String> boxes = new ArrayList<>();
        Matcher matcher = ROOT_BOX.matcher(trace);
        while (matcher.find()) {
            boxes.add(matcher.group(1));
        }
        assertThat(boxes).contains("moov", "mdat");
        return boxes;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        for (int i = from; i <= haystack.length - needle.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found: " + new String(needle, StandardCharsets.US_ASCII));
    }
}
