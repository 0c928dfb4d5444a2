package io.kiemp4drop.validation;

import java.util.regex.Pattern;

/**
 * The one rule every task ID passes before it is stored, sent, or used in a file name or object key.
 * The character class is ASCII only, so Unicode look-alikes, path separators, dots, NUL and
 * expression syntax such as {@code ${...}} can never get through.
 */
public final class TaskIds {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private TaskIds() {
    }

    public static boolean isValid(String candidate) {
        return candidate != null && candidate.length() <= 128 && VALID.matcher(candidate).matches();
    }

    /** Returns the ID unchanged, or throws with the refused value escaped for logs. */
    public static String requireValid(String candidate) {
        if (!isValid(candidate)) {
            throw new InvalidTaskIdException(candidate);
        }
        return candidate;
    }
}
