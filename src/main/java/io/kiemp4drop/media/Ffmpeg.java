package io.kiemp4drop.media;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The ffmpeg executable kie.media.ffmpeg names, run as a child process: arguments as a list (no shell), a time limit
 * after which it is killed, its output in a file beside the output (never in the log) of which only the last line
 * is told on failure.
 */
public final class Ffmpeg {

    private final Path executable;
    private final Duration timeout;

    public Ffmpeg(Path executable, Duration timeout) {
        this.executable = executable;
        this.timeout = timeout;
    }

    /**
     * kie.media.ffmpeg as a path, or a name looked up on PATH; empty when it names nothing executable.
     */
    public static Optional<Path> locate(String setting) {
        if (setting.contains("/")) {
            Path path = Path.of(setting);
            return Files.isRegularFile(path) && Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        String searchPath = System.getenv().getOrDefault("PATH", "");
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, setting);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Runs ffmpeg with these arguments (after its own quiet, non-interactive options); {@code log} receives its output.
     *
     * @throws FfmpegFailedException when it fails, says so, or runs past the time limit (then killed)
     */
    public void run(List<String> arguments, Path log) throws IOException, InterruptedException, FfmpegFailedException {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y"));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new FfmpegFailedException("ffmpeg did not finish within kie.media.ffmpeg-timeout (" + timeout.toSeconds()
                        + " s) and was stopped");
            }
            if (process.exitValue() != 0) {
                throw new FfmpegFailedException("ffmpeg exited with code " + process.exitValue() + ": " + lastLine(log));
            }
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    public Path executable() {
        return executable;
    }

    /** The last line of ffmpeg's output (read from its last 4 KiB), at most 300 characters. */
    private static String lastLine(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no output)";
        }
        byte[] tail;
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            tail = new byte[(int) Math.min(file.length(), 4096)];
            file.seek(file.length() - tail.length);
            file.readFully(tail);
        }
        String text = new String(tail, StandardCharsets.UTF_8).strip();
        String last = text.isEmpty() ? "(no output)" : text.substring(text.lastIndexOf('\n') + 1);
        return last.length() > 300 ? last.substring(0, 300) + "..." : last;
    }
}
