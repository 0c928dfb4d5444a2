package io.kiemp4drop.media;

import java.nio.ByteBuffer;

/** Four-character codes (box types, handlers, sample entries) as read from a file: untrusted bytes. */
final class FourCc {

    private FourCc() {
    }

    /** True when all four bytes are printable ASCII, as every box type a top-level walk expects. */
    static boolean printable(ByteBuffer four) {
        for (int i = 0; i < 4; i++) {
            int b = four.get(i) & 0xff;
            if (b < 0x20 || b > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** A four-character code as text; bytes outside printable ASCII (or a quote or backslash) as \xNN. */
    static String text(ByteBuffer four) {
        StringBuilder out = new StringBuilder(4);
        for (int i = 0; i < 4; i++) {
            int b = four.get(i) & 0xff;
            if (b < 0x20 || b > 0x7e || b == '\'' || b == '\\' || b == '"') {
                out.append(String.format("\\x%02x", b));
            } else {
                out.append((char) b);
            }
        }
        return out.toString();
    }
}
