package io.kiemp4drop.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application (target/kie-mp4-drop.jar) as a separate operating-system process, run in a working
 * folder, which needs nothing in it: the jar carries its settings and routes.
 */
public final class JarProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target/kie-mp4-drop.jar").toAbsolutePath();
    // these runs are short: the C1 compiler alone starts the bundle for half the CPU, and nothing checked here
    // depends on peak speed
    private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1");

    private final Process process;
    private final Path log;

    private JarProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static JarProcess start(Path workDir, Map<String, String> systemProperties, String... args) throws IOException {
        return start(workDir, "256m", systemProperties, args);
    }

    public static JarProcess start(Path workDir, String maxHeap, Map<String, String> systemProperties, String... args)
            throws IOException {
        return start(workDir, maxHeap, 0, systemProperties, args);
    }

    /**
     * @param fileSizeLimitKb when above 0, the kernel refuses to let the process grow any file beyond this
     *                        (RLIMIT_FSIZE, as {@code ulimit -f}): writes fail as they do on a full disk
     */
    public static JarProcess start(Path workDir, String maxHeap, long fileSizeLimitKb, Map<String, String> systemProperties,
            String... args) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("run 'mvn package' first: " + JAR + " is missing");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + maxHeap);
        command.addAll(JVM_OPTIONS);
        command.addAll(ClassDataArchive.options(JAR, JVM_OPTIONS));
        systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(args));
        if (fileSizeLimitKb > 0) {
            StringBuilder shell = new StringBuilder("ulimit -f " + fileSizeLimitKb + " && exec");
            for (String part : command) {
                shell.append(" '").append(part.replace("'", "'\\''")).append('\'');
            }
            command.clear();
            command.addAll(List.of("bash", "-c", shell.toString()));
        }
        Files.createDirectories(workDir);
        Path log = Files.createTempFile(workDir, "run-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("KIE_API_KEY");
        return new JarProcess(builder.start(), log);
    }

    /** Peak resident memory so far in kB (VmHWM), or -1 where /proc is not available. */
    public long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone, or this is not Linux
        }
        return -1;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("process still running after " + seconds + "s; log:\n" + output());
        }
        return process.exitValue();
    }

    /** SIGTERM: what a container runtime or systemd sends to stop a service gracefully. */
    public void terminate() {
        process.destroy();
    }

    /** kill -9: no shutdown hook, no cleanup. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    public File logFile() {
        return log.toFile();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
