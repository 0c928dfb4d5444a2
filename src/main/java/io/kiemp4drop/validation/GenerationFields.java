package io.kiemp4drop.validation;

/** The fields of a generation request, as the API and inbox CSV files take them. */
public final class GenerationFields {

    public static final int MAX_TEXT = 50;

    private GenerationFields() {
    }

    /** Why these fields cannot make a request, or null when they can (author and domainName may be null). */
    public static String problemOf(String musicTaskId, String audioId, String author, String domainName) {
        if (!TaskIds.isValid(musicTaskId)) {
            return "musicTaskId missing or not a valid ID";
        }
        if (!TaskIds.isValid(audioId)) {
            return "audioId missing or not a valid ID";
        }
        if (!isText(author)) {
            return "author must be text of at most " + MAX_TEXT + " printable characters";
        }
        if (!isText(domainName)) {
            return "domainName must be text of at most " + MAX_TEXT + " printable characters";
        }
        return null;
    }

    private static boolean isText(String value) {
        return value == null || value.length() <= MAX_TEXT && value.chars().noneMatch(Character::isISOControl);
    }
}
