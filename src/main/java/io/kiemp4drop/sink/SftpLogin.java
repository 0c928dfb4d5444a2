package io.kiemp4drop.sink;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchHostKeyException;
import com.jcraft.jsch.Session;

/**
 * A short SFTP session of the sink's own, beside the sftp endpoint's, for what the endpoint cannot do: look at a
 * file already on the server, and the health check's login. The same JSch settings as the endpoint: the
 * known-hosts file only (not ~/.ssh/known_hosts unless that is the file named), host keys checked unless
 * kie.sftp.strict-host-key-checking=false, password and/or private key.
 */
public class SftpLogin {

    /** What to do on the open channel. */
    @FunctionalInterface
    public interface Work<T> {
        T on(ChannelSftp channel) throws Exception;
    }

    private static final int TIMEOUT_MS = 10_000;

    private final SftpSettings settings;

    public SftpLogin(SftpSettings settings) {
        this.settings = settings;
    }

    /** Logs in, runs the work, logs out. A host key that does not match becomes an {@link SftpHostKeyException}. */
    public <T> T call(Work<T> work) throws Exception {
        Session session = null;
        try {
            session = session();
            session.connect(TIMEOUT_MS);
            ChannelSftp channel = (ChannelSftp) session.openChannel("sftp");
            channel.connect(TIMEOUT_MS);
            try {
                return work.on(channel);
            } finally {
                channel.disconnect();
            }
        } catch (JSchHostKeyException e) {
            throw SftpHostKeyException.of(e, settings);
        } finally {
            if (session != null) {
                session.disconnect();
            }
        }
    }

    private Session session() throws JSchException {
        JSch jsch = new JSch();
        if (!settings.privateKeyFile().isEmpty()) {
            if (settings.privateKeyPassphrase().isEmpty()) {
                jsch.addIdentity(settings.privateKeyFile());
            } else {
                jsch.addIdentity(settings.privateKeyFile(), settings.privateKeyPassphrase());
            }
        }
        if (!settings.knownHostsFile().isEmpty()) {
            jsch.setKnownHosts(settings.knownHostsFile());
        }
        Session session = jsch.getSession(settings.username(), settings.host(), settings.port());
        session.setConfig("StrictHostKeyChecking", settings.strictHostKeyChecking() ? "yes" : "no");
        if (!settings.password().isEmpty()) {
            session.setPassword(settings.password());
        }
        session.setTimeout(TIMEOUT_MS);
        return session;
    }
}
