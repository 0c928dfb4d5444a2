package io.kiemp4drop.sink;

import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchHostKeyException;
import com.jcraft.jsch.JSchUnknownHostKeyException;

/**
 * The SFTP server's host key is not the one kie.sftp.known-hosts-file holds for it: nothing was uploaded. The
 * message says which case and what to do; it replaces JSch's terse "reject HostKey: [host]:port" and
 * carries no cause, so the error line is this message and no stack trace.
 */
public class SftpHostKeyException extends RuntimeException {

    private SftpHostKeyException(String message) {
        super(message, null, false, false);
    }

    /** Short enough for an error line's 160 characters: the file is named by its setting, the hint comes last. */
    public static SftpHostKeyException of(JSchHostKeyException error, SftpSettings settings) {
        String server = "host key of sftp " + settings.address();
        if (error instanceof JSchUnknownHostKeyException) {
            return new SftpHostKeyException(server + " is unknown: not in kie.sftp.known-hosts-file; nothing uploaded"
                    + " (ssh-keyscan -p " + settings.port() + " " + settings.host() + " gives its line)");
        }
        if (error instanceof JSchChangedHostKeyException) {
            return new SftpHostKeyException(server + " has changed: not the one in kie.sftp.known-hosts-file;"
                    + " nothing uploaded");
        }
        return new SftpHostKeyException(server + " refused by kie.sftp.known-hosts-file (" + error.getMessage()
                + "); nothing uploaded");
    }

    /** The host-key failure somewhere in this error's causes, or null. */
    public static JSchHostKeyException find(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JSchHostKeyException hostKey) {
                return hostKey;
            }
        }
        return null;
    }
}
