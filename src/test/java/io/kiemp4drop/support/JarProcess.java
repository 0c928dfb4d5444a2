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
 * The packaged application as a separate operating-system process, run from a folder laid out like an
 * installation (application.properties and routes/ copied from the project, the jar from target/).
 */
public final class JarProcess implements AutoCloseable {

    private static final Path PROJECT = Path.of("").toAbsolutePath();

    private final Process process;
    private final Path log;

    private JarProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Copies the configuration and routes into {@code workDir} (once) so it looks like an installation. */
    public static void install(Path workDir) throws IOException {
        Files.createDirectories(workDir.resolve("routes"));
        Files.copy(PROJECT.resolve("application.properties"), workDir.resolve("application.properties"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (var routes = Files.list(PROJECT.resolve("routes"))) {
            for (Path route : routes.toList()) {
                Files.copy(route, workDir.resolve("routes").resolve(route.getFileName()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
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
        Path jar = PROJECT.resolve("target/kie-mp4-drop.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("run 'mvn package' first: " + jar + " is missing");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + maxHeap);
        systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        if (fileSizeLimitKb > 0) {
            StringBuilder shell = new StringBuilder("ulimit -f " + fileSizeLimitKb + " && exec");
            for (String part : command) {
                shell.append(" '").append(part.replace("'", "'\\''")).append('\'');
            }
            command.clear();
            command.addAll(List.of("bash", "-c", shell.toString()));
        }
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
