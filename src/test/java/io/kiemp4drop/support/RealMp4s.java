package io.kiemp4drop.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real MP4s made by ffmpeg (Debian's, installed by .ci/run), two seconds each, made once per build into
 * target/mp4-fixtures, and ffprobe's view of a file to check what the bundle reads against. Never skipped: without
 * ffmpeg a test fails and says how to install it.
 */
public final class RealMp4s {

    private static final Path DIR = Path.of("target/mp4-fixtures").toAbsolutePath();
    private static final List<String> VIDEO = List.of("-f", "lavfi", "-i", "testsrc=size=320x240:rate=25:duration=2");
    private static final List<String> AUDIO = List.of("-f", "lavfi", "-i", "sine=frequency=440:duration=2");
    private static final List<String> H264 = List.of("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");

    private RealMp4s() {
    }

    /** H.264 + AAC, moov before mdat. */
    public static Path h264AacFaststart() {
        return make("h264-aac-faststart.mp4", VIDEO, AUDIO, H264, List.of("-c:a", "aac", "-movflags", "+faststart"));
    }

    /** H.264 + AAC as ffmpeg writes it by default: moov after mdat. */
    public static Path h264Aac() {
        return make("h264-aac.mp4", VIDEO, AUDIO, H264, List.of("-c:a", "aac"));
    }

    /** HEVC (tagged hvc1, as Apple players want it) + AAC. */
    public static Path hevcAac() {
        return make("hevc-aac.mp4", VIDEO, AUDIO, List.of("-c:v", "libx265", "-preset", "ultrafast", "-x265-params",
                "log-level=none", "-tag:v", "hvc1", "-pix_fmt", "yuv420p", "-c:a", "aac"));
    }

    public static Path audioOnly() {
        return make("audio-only.mp4", AUDIO, List.of("-c:a", "aac"));
    }

    public static Path videoOnly() {
        return make("video-only.mp4", VIDEO, H264, List.of("-an"));
    }

    /**
     * {@link #h264Aac()} with its mdat under a 64-bit size, as ffmpeg writes mdat boxes of 4 GiB and more: the
     * 8-byte {@code free} box ffmpeg reserves before mdat for this becomes part of mdat's 16-byte header, so no
     * media byte moves and the chunk offsets stay right.
     */
    public static synchronized Path largesizeMdat() {
        Path file = DIR.resolve("h264-aac-largesize.mp4");
        if (Files.exists(file)) {
            return file;
        }
        try {
            byte[] bytes = Files.readAllBytes(h264Aac());
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            int at = 0;
            while (at < bytes.length) {
                int size = buffer.getInt(at);
                String type = new String(bytes, at + 4, 4, StandardCharsets.US_ASCII);
                if (type.equals("free") && size == 8) {
                    int mdatSize = buffer.getInt(at + 8);
                    buffer.putInt(at, 1).put(at + 4, "mdat".getBytes(StandardCharsets.US_ASCII)).putLong(at + 8, mdatSize + 8L);
                    Path part = DIR.resolve("part-" + ProcessHandle.current().pid() + "-" + file.getFileName());
                    Files.write(part, bytes);
                    return Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
                at += size;
            }
            throw new IllegalStateException("ffmpeg wrote no 8-byte free box before mdat in " + h264Aac());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** ffprobe -print_format json -show_format -show_streams. */
    public static JsonNode probe(Path file) {
        String out = run(List.of("ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", file.toString()));
        try {
            return new ObjectMapper().readTree(out);
        } catch (IOException e) {
            throw new IllegalStateException("ffprobe said: " + out, e);
        }
    }

    /** The first stream of a codec type ("video", "audio") in ffprobe's answer, or null. */
    public static JsonNode stream(JsonNode probe, String codecType) {
        for (JsonNode stream : probe.path("streams")) {
            if (codecType.equals(stream.path("codec_type").asText())) {
                return stream;
            }
        }
        return null;
    }

    @SafeVarargs
    private static synchronized Path make(String name, List<String>... options) {
        Path file = DIR.resolve(name);
        if (Files.exists(file)) {
            return file;
        }
        try {
            Files.createDirectories(DIR);
            // test JVMs may make the same file at once: each writes its own part, the last rename wins
            Path part = DIR.resolve("part-" + ProcessHandle.current().pid() + "-" + name);
            List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
            for (List<String> option : options) {
                command.addAll(option);
            }
            command.addAll(List.of("-shortest", "-f", "mp4", part.toString()));
            run(command);
            return Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + " (Debian's ffmpeg package) is needed by the media tests and could not run ("
                    + e.getMessage() + "); run .ci/run, or apt-get install ffmpeg", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
