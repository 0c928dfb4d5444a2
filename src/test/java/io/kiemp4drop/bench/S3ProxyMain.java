package io.kiemp4drop.bench;

import io.kiemp4drop.support.S3Server;
import java.nio.file.Files;
import java.nio.file.Path;

/** The benchmark's S3 server: S3Proxy with its filesystem backend. {@code java -cp … S3ProxyMain DATA_DIR PORT_FILE} */
public final class S3ProxyMain {

    private S3ProxyMain() {
    }

    public static void main(String[] args) throws Exception {
        S3Server server = new S3Server(Path.of(args[0])).start();
        Files.writeString(Path.of(args[1]), server.endpoint().replaceAll(".*:", ""));
        Thread.currentThread().join();
    }
}
