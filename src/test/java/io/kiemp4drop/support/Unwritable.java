package io.kiemp4drop.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Makes a real folder refuse new entries: {@code chmod 555}, and when that does not stop the current user
 * (root), the immutable attribute ({@code chattr +i}), which stops root too.
 */
public final class Unwritable {

    private Unwritable() {
    }

    public static void make(Path dir) throws Exception {
        run("chmod", "555", dir.toString());
        if (isWritable(dir)) {
            run("chattr", "+i", dir.toString());
        }
        if (isWritable(dir)) {
            throw new AssertionError("cannot make " + dir + " unwritable on this machine (chmod and chattr both failed)");
        }
    }

    public static void undo(Path dir) throws Exception {
        if (Files.exists(dir)) {
            run("chattr", "-i", dir.toString());
            run("chmod", "755", dir.toString());
        }
    }

    private static boolean isWritable(Path dir) {
        try {
            Path probe = Files.createTempFile(dir, "probe", ".tmp");
            Files.delete(probe);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
