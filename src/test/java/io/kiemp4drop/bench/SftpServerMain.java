package io.kiemp4drop.bench;

import io.kiemp4drop.support.SftpServer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmark's SFTP server: Apache MINA SSHD serving ROOT to {@link SftpServer#USER} by password, or by the
 * unencrypted private key it writes to CLIENT_KEY_FILE (for OpenSSH's sftp in batch mode).
 * {@code java -cp … SftpServerMain ROOT PORT_FILE KNOWN_HOSTS_FILE CLIENT_KEY_FILE}
 */
public final class SftpServerMain {

    private SftpServerMain() {
    }

    public static void main(String[] args) throws Exception {
        SftpServer server = new SftpServer(Path.of(args[0])).start();
        server.writeKnownHosts(Path.of(args[2]));
        server.clientKey(Path.of(args[3]), null);
        Files.writeString(Path.of(args[1]), String.valueOf(server.port()));
        Thread.currentThread().join();
    }
}
