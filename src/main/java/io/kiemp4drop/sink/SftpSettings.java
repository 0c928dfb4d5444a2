package io.kiemp4drop.sink;

import io.kiemp4drop.validation.ConfigurationProblem;
import io.kiemp4drop.validation.LogSafe;

/**
 * The SFTP sink's settings (kie.sftp.*), checked once at start-up when sftp is in kie.sinks. Its text forms name
 * host, port and folder, never the user's password or key passphrase.
 *
 * @param directory remote base folder: empty = the login folder, relative = under it, starting with '/' = absolute
 */
public record SftpSettings(String host, int port, String username, String password, String privateKeyFile,
        String privateKeyPassphrase, String directory, String knownHostsFile, boolean strictHostKeyChecking) {

    /** The sink's name in kie.sinks. */
    public static final String NAME = "sftp";

    public static SftpSettings parse(String host, int port, String username, String password, String privateKeyFile,
            String privateKeyPassphrase, String directory, String knownHostsFile, String strictHostKeyChecking) {
        if (blank(host)) {
            throw new ConfigurationProblem("the sftp sink needs kie.sftp.host");
        }
        if (blank(username)) {
            throw new ConfigurationProblem("the sftp sink needs kie.sftp.username");
        }
        if (blank(password) && blank(privateKeyFile)) {
            throw new ConfigurationProblem("the sftp sink needs kie.sftp.password or kie.sftp.private-key-file");
        }
        if (port < 1 || port > 65535) {
            throw new ConfigurationProblem("kie.sftp.port must be a port number from 1 to 65535, not " + port);
        }
        String strict = strictHostKeyChecking == null ? "" : strictHostKeyChecking.strip();
        if (!strict.equals("true") && !strict.equals("false")) {
            throw new ConfigurationProblem("kie.sftp.strict-host-key-checking must be true or false, not '"
                    + LogSafe.escape(strictHostKeyChecking) + "'");
        }
        String folder = text(directory);
        while (folder.length() > 1 && folder.endsWith("/")) {
            folder = folder.substring(0, folder.length() - 1);
        }
        return new SftpSettings(host.strip(), port, username.strip(), text(password), text(privateKeyFile),
                text(privateKeyPassphrase), folder, text(knownHostsFile), strict.equals("true"));
    }

    /** Where a file of this object name goes on the server, as the SFTP session sees it. */
    public String remotePath(String objectName) {
        return directory.isEmpty() ? objectName : directory.endsWith("/") ? directory + objectName : directory + "/" + objectName;
    }

    /** host:port. */
    public String address() {
        return host + ":" + port;
    }

    /** How error lines name the sink: host, port and folder. */
    public String target() {
        return "sftp://" + address() + "/" + directory;
    }

    /** Where a file went, for the task's record (an absolute folder shows as '//', as in the endpoint URI). */
    public String destination(String objectName) {
        return "sftp://" + address() + "/" + remotePath(objectName);
    }

    /** The records' own toString would print the password. */
    @Override
    public String toString() {
        return "SftpSettings[" + username + "@" + target() + "]";
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String text(String value) {
        return value == null ? "" : value.strip();
    }
}
