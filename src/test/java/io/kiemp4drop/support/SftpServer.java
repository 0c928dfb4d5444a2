package io.kiemp4drop.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SFTP server on loopback (Apache MINA SSHD), serving {@code root} as "/" (also the login folder) to one
 * user, by password or by the public keys of {@link #clientKey}. Its host key is kept in a file, so it keeps it
 * when stopped and started again, on the same port. It records every file the clients write into and every
 * rename, and can hold a client's writes to a file at a point of the test's choosing ({@link #holdWritesTo}).
 */
public final class SftpServer implements AutoCloseable {

    public static final String USER = "kie";
    public static final String PASSWORD = "sftp-pw+5e1b&9c%7a";

    private final Path root;
    private final Path hostKey;
    // fixed for the server's life, so a test can stop it and start it again at the same address
    private final int port = Ports.free();
    private final List<PublicKey> authorizedKeys = new CopyOnWriteArrayList<>();
    private final Set<String> writtenFiles = Collections.synchronizedSet(new LinkedHashSet<>());
    private final List<String> renames = new CopyOnWriteArrayList<>();
    private volatile String heldSuffix;
    private volatile CountDownLatch held = new CountDownLatch(1);
    private volatile CountDownLatch release = new CountDownLatch(1);
    private SshServer sshd;

    /** @param root what clients see as "/"; the host key lives beside it */
    public SftpServer(Path root) throws IOException {
        this.root = Files.createDirectories(root);
        this.hostKey = root.resolveSibling(root.getFileName() + "-host-key");
    }

    public SftpServer start() throws IOException {
        sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(port);
        SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider(hostKey);
        keys.setAlgorithm(KeyUtils.EC_ALGORITHM);
        sshd.setKeyPairProvider(keys);
        sshd.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        sshd.setPublickeyAuthenticator((user, key, session) -> USER.equals(user)
                && authorizedKeys.stream().anyMatch(k -> KeyUtils.compareKeys(k, key)));
        SftpSubsystemFactory sftp = new SftpSubsystemFactory();
        sftp.addSftpEventListener(new Recorder());
        sshd.setSubsystemFactories(List.of(sftp));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(root));
        sshd.start();
        return this;
    }

    /** Stops at once, closing every session, as a crashed or unplugged server would. */
    public void stop() throws IOException {
        if (sshd != null) {
            sshd.stop(true);
            sshd = null;
        }
    }

    public int port() {
        return port;
    }

    public Path root() {
        return root;
    }

    /** Writes a known_hosts file with this server's host key, as ssh-keyscan would give it. */
    public Path writeKnownHosts(Path file) throws Exception {
        KeyPair key = sshd.getKeyPairProvider().loadKeys(null).iterator().next();
        return writeKnownHosts(file, key.getPublic());
    }

    /** Writes a known_hosts file that names another key of the same type for this server's address: its key "has changed". */
    public Path writeKnownHostsOfAnotherServer(Path file) throws Exception {
        ECPublicKey own = (ECPublicKey) sshd.getKeyPairProvider().loadKeys(null).iterator().next().getPublic();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(own.getParams());
        return writeKnownHosts(file, generator.generateKeyPair().getPublic());
    }

    /**
     * A new client key pair, authorized for {@link #USER}; its private key written in OpenSSH format, encrypted with
     * the passphrase (not encrypted when it is null).
     */
    public Path clientKey(Path file, String passphrase) throws Exception {
        KeyPair pair = ecKeyPair();
        OpenSSHKeyEncryptionContext encryption = null;
        if (passphrase != null) {
            encryption = new OpenSSHKeyEncryptionContext();
            encryption.setPassword(passphrase);
            encryption.setCipherName("AES");
            encryption.setCipherType("256");
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "test", encryption, out);
        }
        authorizedKeys.add(pair.getPublic());
        return file;
    }

    /** Files clients wrote into (paths as the clients see them, without the leading '/'), in the order of their first write. */
    public List<String> writtenFiles() {
        synchronized (writtenFiles) {
            return List.copyOf(writtenFiles);
        }
    }

    /** Renames by clients, as "from -> to". */
    public List<String> renames() {
        return List.copyOf(renames);
    }

    /**
     * From now on, the first write into a file whose name ends with {@code suffix}, after some of it is written,
     * waits until {@link #releaseWrites()}; {@link #awaitHeldWrite()} returns once one waits.
     */
    public void holdWritesTo(String suffix) {
        held = new CountDownLatch(1);
        release = new CountDownLatch(1);
        heldSuffix = suffix;
    }

    public boolean awaitHeldWrite(long seconds) throws InterruptedException {
        return held.await(seconds, TimeUnit.SECONDS);
    }

    public void releaseWrites() {
        heldSuffix = null;
        release.countDown();
    }

    @Override
    public void close() throws IOException {
        releaseWrites();
        stop();
    }

    private Path writeKnownHosts(Path file, PublicKey key) throws IOException {
        Files.writeString(file, "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(key) + "\n");
        return file;
    }

    private static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static String name(Path path) {
        String text = path.toString().replace('\\', '/');
        return text.startsWith("/") ? text.substring(1) : text;
    }

    private final class Recorder implements SftpEventListener {

        @Override
        public void writing(ServerSession session, String remoteHandle, FileHandle localHandle, long offset, byte[] data,
                int dataOffset, int dataLen) throws IOException {
            String file = name(localHandle.getFile());
            writtenFiles.add(file);
            String suffix = heldSuffix;
            if (suffix != null && file.endsWith(suffix) && offset > 0) {
                held.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void moved(ServerSession session, Path srcPath, Path dstPath, Collection<CopyOption> opts, Throwable thrown) {
            if (thrown == null) {
                renames.add(name(srcPath) + " -> " + name(dstPath));
            }
        }
    }
}
