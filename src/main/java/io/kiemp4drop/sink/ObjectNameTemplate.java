package io.kiemp4drop.sink;

import io.kiemp4drop.validation.ConfigurationProblem;
import io.kiemp4drop.validation.LogSafe;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * kie.object-name: the relative name of a task's objects in every sink, without extension, e.g.
 * {@code {createDate}/{taskId}}. Our own syntax, never evaluated as an expression. Checked once at start-up: no
 * absolute name, no {@code ..} or empty segment, only known placeholders. Values from kie.ai are reduced to
 * {@code [A-Za-z0-9._-]} (anything else becomes {@code _}; an empty, {@code .} or {@code ..} value becomes
 * {@code unknown}; at most {@value #MAX_VALUE} characters), so no value can add a folder or leave a sink's root.
 */
public final class ObjectNameTemplate {

    public static final String DEFAULT = "{taskId}";
    static final int MAX_VALUE = 100;

    private static final Set<String> PLACEHOLDERS = Set.of("taskId", "musicId", "audioId", "createDate", "deliverDate");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9._/-]*");
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    /** Alternating literal text and placeholder names: even indexes literal, odd indexes placeholders. */
    private final List<String> parts;
    private final String text;

    private ObjectNameTemplate(String text, List<String> parts) {
        this.text = text;
        this.parts = parts;
    }

    public static ObjectNameTemplate parse(String template) {
        String text = template == null || template.isBlank() ? DEFAULT : template.strip();
        List<String> parts = new ArrayList<>();
        Matcher placeholder = PLACEHOLDER.matcher(text);
        int at = 0;
        while (placeholder.find()) {
            parts.add(literal(text, text.substring(at, placeholder.start())));
            String name = placeholder.group(1);
            if (!PLACEHOLDERS.contains(name)) {
                throw problem(text, "unknown placeholder {" + LogSafe.escape(name) + "} (known: {taskId}, {musicId}, {audioId},"
                        + " {createDate}, {deliverDate})");
            }
            parts.add(name);
            at = placeholder.end();
        }
        parts.add(literal(text, text.substring(at)));
        if (text.startsWith("/")) {
            throw problem(text, "an absolute name; it must be relative to each sink's root");
        }
        for (String segment : text.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw problem(text, "an empty, '.' or '..' folder");
            }
        }
        return new ObjectNameTemplate(text, List.copyOf(parts));
    }

    private static String literal(String text, String literal) {
        if (!LITERAL.matcher(literal).matches()) {
            throw problem(text, "text other than letters, digits, '.', '_', '-' and '/' outside placeholders");
        }
        return literal;
    }

    private static ConfigurationProblem problem(String text, String what) {
        return new ConfigurationProblem("kie.object-name '" + LogSafe.escape(text) + "' has " + what);
    }

    /**
     * The name for a task, from its validated ID, kie.ai's record (musicId, audioId or musicIndex, createTime) and
     * the time of delivery.
     */
    public String resolve(String taskId, Map<String, Object> record, Instant deliveredAt) {
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            name.append(i % 2 == 0 ? parts.get(i) : safe(value(parts.get(i), taskId, record, deliveredAt)));
        }
        return name.toString();
    }

    private static Object value(String placeholder, String taskId, Map<String, Object> record, Instant deliveredAt) {
        return switch (placeholder) {
            case "taskId" -> taskId;
            case "musicId" -> record.get("musicId");
            case "audioId" -> record.get("audioId") != null ? record.get("audioId") : record.get("musicIndex");
            case "createDate" -> date(record.get("createTime"));
            case "deliverDate" -> DATE.format(deliveredAt);
            default -> throw new IllegalStateException(placeholder);
        };
    }

    /** kie.ai sends times as date-time text or as epoch milliseconds; anything else has no date. */
    static String date(Object time) {
        if (time instanceof Number millis) {
            return DATE.format(Instant.ofEpochMilli(millis.longValue()));
        }
        if (time instanceof String text && !text.isBlank()) {
            try {
                return DATE.format(OffsetDateTime.parse(text.strip()).toInstant());
            } catch (DateTimeParseException notIso) {
                try {
                    return DATE.format(Instant.ofEpochMilli(Long.parseLong(text.strip())));
                } catch (NumberFormatException notMillis) {
                    return null;
                }
            }
        }
        return null;
    }

    static String safe(Object value) {
        String text = value == null ? "" : UNSAFE.matcher(value.toString()).replaceAll("_");
        if (text.length() > MAX_VALUE) {
            text = text.substring(0, MAX_VALUE);
        }
        return text.isEmpty() || text.equals(".") || text.equals("..") ? "unknown" : text;
    }

    @Override
    public String toString() {
        return text;
    }
}
