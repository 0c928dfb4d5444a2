package io.kiemp4drop.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One inbox CSV file of songs, read: the rows that can become generation requests, and the refused ones with
 * their line numbers and reasons.
 */
public record GenerationCsv(String origin, List<Row> rows, List<String> refused) {

    /** One song to make a video for (author and domainName may be null). */
    public record Row(int line, String musicTaskId, String audioId, String author, String domainName) {
    }

    /** Where the file goes once read: .failed/ when any row was refused (with its .errors.txt), else .done/. */
    public String outcomeFolder() {
        return refused.isEmpty() ? ".done" : ".failed";
    }

    /** The refused rows, one a line, for the .errors.txt beside the file. */
    public String errorsText() {
        return refused.stream().map(line -> line + "\n").collect(Collectors.joining());
    }

    /**
     * Splits one CSV line into fields: commas separate, a field in double quotes may hold commas and doubled
     * quotes. Null when a quoted field is not closed.
     */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.toString().isBlank()) {
                field.setLength(0);
                quoted = true;
            } else if (c == ',') {
                out.add(field.toString().strip());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        out.add(field.toString().strip());
        return out;
    }
}
