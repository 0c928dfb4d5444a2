package io.kiemp4drop.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A class-data-sharing archive of the packaged jar (the JDK's dynamic AppCDS): one short run of the jar records
 * the classes it loaded, and every later start maps them instead of loading and verifying them again, for about
 * a third less CPU. It is made in the background the first time it is asked for (by one test JVM only, when
 * several run) and used once it is there; a rebuilt jar gets a new one. Nothing a test checks depends on it.
 */
final class ClassDataArchive {

    private static final List<String> QUIET = List.of("-Xlog:cds*=off");

    private static Path archive;

    private ClassDataArchive() {
    }

    /** JVM options that map the archive of {@code jar} once it exists (none before). */
    static synchronized List<String> options(Path jar, List<String> jvmOptions) {
        if (archive == null) {
            archive = jar.resolveSibling(jar.getFileName() + "-" + stamp(jar) + ".jsa");
            startMaking(jar, jvmOptions);
        }
        List<String> options = new ArrayList<>(QUIET);
        if (Files.isRegularFile(archive)) {
            options.add("-XX:SharedArchiveFile=" + archive);
        }
        return options;
    }

    private static String stamp(Path jar) {
        try {
            return Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Only the JVM that creates the claim file makes the archive: a run that exits as soon as it has started. */
    private static void startMaking(Path jar, List<String> jvmOptions) {
        Path claim = archive.resolveSibling(archive.getFileName() + ".claimed");
        try {
            Files.createFile(claim);
        } catch (IOException alreadyClaimedOrNoRoom) {
            return;
        }
        deleteOlderArchives(jar);
        Thread maker = new Thread(() -> make(jar, jvmOptions), "class-data-archive");
        maker.setDaemon(true);
        maker.start();
    }

    /** Archives of earlier builds of the jar (about 40 MB each). */
    private static void deleteOlderArchives(Path jar) {
        String current = archive.getFileName().toString();
        try (var files = Files.newDirectoryStream(archive.getParent(), jar.getFileName() + "-*.jsa*")) {
            for (Path file : files) {
                if (!file.getFileName().toString().startsWith(current)) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            // they stay until the next clean build
        }
    }

    private static void make(Path jar, List<String> jvmOptions) {
        try {
            Path home = Files.createTempDirectory(archive.getParent(), "cds-run-");
            Path made = home.resolve("archive.jsa");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(jvmOptions);
            command.addAll(QUIET);
            command.addAll(List.of("-XX:ArchiveClassesAtExit=" + made, "-Dkie.api.key=archive", "-Dkie.http.enabled=false",
                    "-Dkie.poll.tick=100ms", "-Dkie.exit-when-done=true", "-jar", jar.toString()));
            Process run = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(home.resolve("run.log").toFile()).start();
            if (run.waitFor(120, TimeUnit.SECONDS) && run.exitValue() == 0 && Files.isRegularFile(made)) {
                Files.move(made, archive, StandardCopyOption.ATOMIC_MOVE);
            }
            try (var files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        } catch (IOException e) {
            // starts go on without it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
