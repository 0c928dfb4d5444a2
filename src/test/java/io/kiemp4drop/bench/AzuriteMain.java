package io.kiemp4drop.bench;

import io.kiemp4drop.support.Azurite;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmark's Azure Blob service: Azurite with its blobs on disk and the given containers created.
 * {@code java -cp … AzuriteMain DATA_DIR PORT_FILE CONTAINER...}; SIGTERM stops Azurite with it.
 */
public final class AzuriteMain {

    private AzuriteMain() {
    }

    public static void main(String[] args) throws Exception {
        Azurite azurite = new Azurite(Files.createDirectories(Path.of(args[0]))).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                azurite.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        for (int i = 2; i < args.length; i++) {
            azurite.client().getBlobContainerClient(args[i]).create();
        }
        Files.writeString(Path.of(args[1]), azurite.endpoint().replaceAll(".*:(\\d+)/.*", "$1"));
        Thread.currentThread().join();
    }
}
