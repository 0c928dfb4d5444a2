package io.kiemp4drop.delivery;

import io.kiemp4drop.run.ConfigurationProblem;
import io.kiemp4drop.validation.LogSafe;
import java.util.List;

/** The sinks kie.sink selects, checked once at start-up. */
public final class Sinks {

    public static final String FILE = "file";
    public static final String S3 = "s3";

    /** S3 refuses multipart parts smaller than 5 MiB (except the last). */
    private static final long MIN_PART_SIZE = 5L * 1024 * 1024;

    private Sinks() {
    }

    public static List<String> parse(String sink, String bucket, long partSize) {
        // exact spelling: the S3 routes' preconditions compare the raw property text
        List<String> sinks = switch (sink == null ? "" : sink) {
            case FILE -> List.of(FILE);
            case S3 -> List.of(S3);
            case "both" -> List.of(FILE, S3);
            default -> throw new ConfigurationProblem("kie.sink must be file, s3 or both (lower case), not '"
                    + LogSafe.escape(sink) + "'");
        };
        if (sinks.contains(S3) && (bucket == null || bucket.isBlank())) {
            throw new ConfigurationProblem("kie.sink=" + sink + " needs kie.s3.bucket");
        }
        if (sinks.contains(S3) && partSize < MIN_PART_SIZE) {
            throw new ConfigurationProblem("kie.s3.part-size must be at least 5242880 (5 MiB), S3's smallest part");
        }
        return sinks;
    }
}
