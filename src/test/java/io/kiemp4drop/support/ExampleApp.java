package io.kiemp4drop.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of the example applications under examples/, as built by the invoker into target/examples (against this
 * build's jar installed in a throwaway local repository), run as its own process with its settings given as
 * environment variables, the way its README says.
 */
public final class ExampleApp implements AutoCloseable {

    private static final Path BUILT = Path.of("target/examples").toAbsolutePath();

    private final Process process;
    private final Path log;

    private ExampleApp(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** examples/camel-main: {@code java -cp 'target/classes:target/lib/*' org.apache.camel.main.Main}. */
    public static ExampleApp camelMain(Path workDir, Map<String, String> environment) throws IOException {
        Path project = built("camel-main");
        return start(workDir, environment, List.of("-cp", project.resolve("target/classes") + ":" + project.resolve("target/lib") + "/*",
                "org.apache.camel.main.Main"));
    }

    /** examples/spring-boot: {@code java -jar target/kie-videos-spring-boot-1.0.0.jar}. */
    public static ExampleApp springBoot(Path workDir, Map<String, String> environment) throws IOException {
        Path project = built("spring-boot");
        return start(workDir, environment, List.of("-jar", project.resolve("target/kie-videos-spring-boot-1.0.0.jar").toString()));
    }

    private static Path built(String example) {
        Path project = BUILT.resolve(example);
        if (!Files.isDirectory(project.resolve("target"))) {
            throw new IllegalStateException("run 'mvn verify' (the invoker builds the examples): " + project + " is not built");
        }
        return project;
    }

    private static ExampleApp start(Path workDir, Map<String, String> environment, List<String> launch)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"));
        command.addAll(launch);
        Files.createDirectories(workDir);
        Path log = Files.createTempFile(workDir, "example-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return new ExampleApp(builder.start(), log);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("example still running after " + seconds + "s; log:\n" + output());
        }
        return process.exitValue();
    }

    /** SIGTERM, and wait for the application to stop. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
