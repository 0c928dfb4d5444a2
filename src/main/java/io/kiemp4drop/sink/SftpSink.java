package io.kiemp4drop.sink;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import io.kiemp4drop.model.ExchangeNames;
import io.kiemp4drop.validation.LogSafe;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SFTP sink's own logic around the sftp endpoint that moves the bytes: how it is named, where a video went,
 * whether the server already holds a video, the host-key error in plain words, and the health check's login.
 * Never names a password or passphrase.
 */
public class SftpSink implements RemoteSink {

    private static final Logger LOG = LoggerFactory.getLogger(SftpSink.class);

    private final SftpSettings settings;
    private final SftpLogin login;

    public SftpSink(SftpSettings settings) {
        this.settings = settings;
        this.login = new SftpLogin(settings);
    }

    /** How error lines name this sink: host, port and folder. */
    @Override
    public String target() {
        return settings.target();
    }

    /** Where a video went, for the task's record: sftp://host:port/folder/name, no user and no secret. */
    public String destination(@Header(ExchangeNames.OBJECT_NAME) String objectName) {
        return settings.destination(objectName);
    }

    /**
     * True when the server already holds this exact video, so it is not written twice. A file only ever gets its
     * final name by a rename after its upload completed, so a file there is whole; but it may be another video of
     * the same name (an earlier run, someone else's file), and the sidecar beside it is no proof either, as it is
     * written first on every call. So: same size, then the server's copy is read back and its sha256 compared.
     * That read costs a download of the file, and happens only when a file of exactly that size is there, which
     * in practice is a repeated delivery (a crash between upload and commit).
     */
    public boolean holdsVideo(@Header(ExchangeNames.OBJECT_NAME) String objectName, @Header(ExchangeNames.SHA256) String sha256,
            @Header(ExchangeNames.BYTES) long bytes, @Header(ExchangeNames.KIE_TASK_ID) String taskId) throws Exception {
        String path = settings.remotePath(objectName);
        boolean same = login.call(channel -> size(channel, path) == bytes && sha256.equalsIgnoreCase(sha256(channel, path)));
        if (same) {
            LOG.info("Task {}: {} already holds this video (same sha256); not uploading it again", taskId,
                    destination(objectName));
        }
        return same;
    }

    /** The endpoint met a host key that does not match: the same failure, said plainly. */
    public void hostKeyRejected(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception error) {
        throw SftpHostKeyException.of(SftpHostKeyException.find(error), settings);
    }

    /** Empty when the sink can log in and see its folder; otherwise what is wrong, naming host and port. */
    @Override
    public Optional<String> probe() {
        try {
            login.call(channel -> channel.stat(settings.directory().isEmpty() ? "." : settings.directory()));
            return Optional.empty();
        } catch (SftpHostKeyException e) {
            return Optional.of("SFTP sink cannot log in to " + target() + ": " + e.getMessage());
        } catch (Exception e) {
            return Optional.of("SFTP sink cannot log in to " + target() + " or see its folder: " + LogSafe.describe(e));
        }
    }

    /** The file's size, or -1 when there is none. */
    private static long size(ChannelSftp channel, String path) throws SftpException {
        try {
            SftpATTRS attributes = channel.stat(path);
            return attributes.isReg() ? attributes.getSize() : -1;
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return -1;
            }
            throw e;
        }
    }

    private static String sha256(ChannelSftp channel, String path) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = channel.get(path)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
