package io.kiemp4drop.sink;

import io.kiemp4drop.validation.ConfigurationProblem;
import io.kiemp4drop.validation.LogSafe;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The sinks a video goes to, in order: kie.sinks, or the older kie.sink when kie.sinks is empty. A sink named
 * X is the route from direct:sink-X. Checked once at start-up.
 */
public final class Sinks {

    public static final String FILE = "file";
    public static final String S3 = "s3";
    public static final String ROUTE_PREFIX = "direct:sink-";

    /** Sink names become part of an endpoint URI: lower-case letters, digits and dashes only. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    /** S3 refuses multipart parts smaller than 5 MiB (except the last). */
    private static final long MIN_PART_SIZE = 5L * 1024 * 1024;

    private final List<String> names;

    private Sinks(List<String> names) {
        this.names = List.copyOf(names);
    }

    public static Sinks parse(String sinks, String sink, String bucket, long partSize) {
        List<String> names = sinks == null || sinks.isBlank() ? legacy(sink) : list(sinks);
        if (names.contains(S3) && (bucket == null || bucket.isBlank())) {
            throw new ConfigurationProblem("the s3 sink needs kie.s3.bucket");
        }
        if (names.contains(S3) && partSize < MIN_PART_SIZE) {
            throw new ConfigurationProblem("kie.s3.part-size must be at least 5242880 (5 MiB), S3's smallest part");
        }
        return new Sinks(names);
    }

    private static List<String> legacy(String sink) {
        return switch (sink == null ? "" : sink.strip()) {
            case FILE -> List.of(FILE);
            case S3 -> List.of(S3);
            case "both" -> List.of(FILE, S3);
            default -> throw new ConfigurationProblem("kie.sink must be file, s3 or both (lower case), not '"
                    + LogSafe.escape(sink) + "'");
        };
    }

    private static List<String> list(String sinks) {
        List<String> names = new ArrayList<>();
        for (String part : sinks.split(",")) {
            String name = part.strip();
            if (!NAME.matcher(name).matches()) {
                throw new ConfigurationProblem("kie.sinks: '" + LogSafe.escape(name) + "' is not a sink name (lower-case"
                        + " letters, digits and dashes, at most 40)");
            }
            if (names.contains(name)) {
                throw new ConfigurationProblem("kie.sinks lists " + name + " twice");
            }
            names.add(name);
        }
        return names;
    }

    public List<String> names() {
        return names;
    }

    /** Whether the named sink is in use; the built-in sink routes load only then (their preconditions ask this). */
    public boolean uses(String name) {
        return names.contains(name);
    }

    public static String route(String name) {
        return ROUTE_PREFIX + name;
    }
}
