package io.kiemp4drop.validation;

/**
 * Renders untrusted text for log lines, reports and error messages: control characters, non-ASCII
 * characters (look-alikes) and quotes are escaped, and long values are cut, so a hostile value can
 * neither forge log lines nor hide what it is.
 */
public final class LogSafe {

    private static final int MAX_CHARS = 160;

    private LogSafe() {
    }

    /** The value escaped and quoted, or {@code null} without quotes. */
    public static String quote(Object value) {
        return value == null ? "null" : '"' + escape(value.toString()) + '"';
    }

    public static String escape(String value) {
        if (value == null) {
            return "null";
        }
        int shown = Math.min(value.length(), MAX_CHARS);
        StringBuilder out = new StringBuilder(shown + 16);
        for (int i = 0; i < shown; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (value.length() > shown) {
            out.append("...(").append(value.length()).append(" chars)");
        }
        return out.toString();
    }

    /** The innermost cause of an error as "Type: message", escaped: what went wrong without a stack trace. */
    public static String describe(Throwable error) {
        if (error == null) {
            return "unknown error";
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + escape(root.getMessage()));
    }
}
