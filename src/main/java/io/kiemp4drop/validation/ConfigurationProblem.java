package io.kiemp4drop.validation;

/** The configuration cannot work; the message says what to change. The process exits with code 2. */
public class ConfigurationProblem extends RuntimeException {

    public ConfigurationProblem(String message) {
        super(message);
    }

    /** Why a start failed, in one line: the bundle's own reason when it refused its settings, else the root cause, escaped. */
    public static String reasonOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConfigurationProblem) {
                return t.getMessage();
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return LogSafe.escape(String.valueOf(root.getMessage()));
    }
}
