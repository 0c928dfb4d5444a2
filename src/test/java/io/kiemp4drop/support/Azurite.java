package io.kiemp4drop.support;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real Azure Blob service on loopback: Azurite's blob server ({@value #VERSION}, from npm, installed in .azurite/
 * by .ci/run, or here on first use), in memory unless given a folder; it can be stopped (SIGTERM) and started
 * again on the same port, then empty when in memory. Its account is Azurite's well-known development account.
 */
public final class Azurite implements AutoCloseable {

    public static final String VERSION = "3.35.0";
    public static final String ACCOUNT = "devstoreaccount1";
    /** Azurite's published development key (the same in every installation). */
    public static final String KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static final Path HOME = Path.of(".azurite").toAbsolutePath();
    private static final Path SERVER = HOME.resolve("node_modules/.bin/azurite-blob");
    private static final String INSTALL = "npm install --prefix .azurite --no-audit --no-fund --loglevel=error azurite@" + VERSION;

    // fixed for the server's life, so a test can stop it and start it again at the same address
    private final int port = Ports.free();
    private final Path location;
    private Process process;

    /** Blobs in memory: gone when the server stops. */
    public Azurite() {
        this(null);
    }

    /** Blobs on disk under {@code location} (for gigabytes, as the benchmark writes). */
    public Azurite(Path location) {
        this.location = location;
    }

    public Azurite start() throws Exception {
        ensureInstalled();
        List<String> command = new ArrayList<>(List.of(SERVER.toString(), "--blobHost", "127.0.0.1", "--blobPort",
                String.valueOf(port), "--silent", "--disableTelemetry", "--skipApiVersionCheck"));
        command.addAll(location == null ? List.of("--inMemoryPersistence") : List.of("--location", location.toString()));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<Void> listening = new CompletableFuture<>();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    if (line.contains("successfully listens on")) {
                        listening.complete(null);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            listening.completeExceptionally(new IllegalStateException("Azurite exited before listening:\n" + output));
        }, "azurite-" + port);
        reader.setDaemon(true);
        reader.start();
        try {
            listening.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            stop();
            throw new IllegalStateException("Azurite did not listen within 60 s:\n" + output);
        }
        return this;
    }

    /** SIGTERM, as a stopped service would go; everything it held is gone. */
    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    /** The Blob service URL of the development account (what kie.azure.endpoint takes). */
    public String endpoint() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY + ";BlobEndpoint=" + endpoint() + ";";
    }

    /** A client of our own, not the code under test, to inspect the containers. */
    public BlobServiceClient client() {
        return new BlobServiceClientBuilder().connectionString(connectionString()).buildClient();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /**
     * The pinned Azurite in .azurite/, installed with npm when missing (what .ci/run does up front). Never skipped:
     * without it the test fails and says how to install it.
     */
    private static synchronized void ensureInstalled() throws Exception {
        if (installed()) {
            return;
        }
        String failure;
        try {
            Process npm = new ProcessBuilder(List.of("npm", "install", "--prefix", HOME.toString(), "--no-audit", "--no-fund",
                    "--loglevel=error", "azurite@" + VERSION)).redirectErrorStream(true).start();
            String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            failure = npm.waitFor(10, TimeUnit.MINUTES) && npm.exitValue() == 0 ? null : "npm failed:\n" + out;
        } catch (IOException e) {
            failure = "npm could not run (" + e.getMessage() + ")";
        }
        if (failure != null || !installed()) {
            throw new AssertionError("Azurite " + VERSION + " (the Azure Blob emulator these tests need) is not installed in "
                    + HOME + " and installing it failed: " + failure + "\nRun .ci/run, or `" + INSTALL
                    + "` in the project folder (Node.js 18 or 20 with npm)");
        }
    }

    private static boolean installed() throws IOException {
        Path manifest = HOME.resolve("node_modules/azurite/package.json");
        return Files.isExecutable(SERVER) && Files.exists(manifest)
                && Files.readString(manifest).contains("\"version\": \"" + VERSION + "\"");
    }
}
