package io.kiemp4drop.sink;

import io.kiemp4drop.validation.ConfigurationProblem;
import io.kiemp4drop.validation.LogSafe;
import java.util.List;

/** The sinks kie.sink selects, in the order a video is published to them; checked once at start-up. */
public final class Sinks {

    public static final String FILE = "file";
    public static final String S3 = "s3";

    /** S3 refuses multipart parts smaller than 5 MiB (except the last). */
    private static final long MIN_PART_SIZE = 5L * 1024 * 1024;

    private final List<String> names;

    private Sinks(List<String> names) {
        this.names = names;
    }

    public static Sinks parse(String sink, String bucket, long partSize) {
        // exact spelling: the S3 route's precondition compares the raw property text
        List<String> names = switch (sink == null ? "" : sink) {
            case FILE -> List.of(FILE);
            case S3 -> List.of(S3);
            case "both" -> List.of(FILE, S3);
            default -> throw new ConfigurationProblem("kie.sink must be file, s3 or both (lower case), not '"
                    + LogSafe.escape(sink) + "'");
        };
        if (names.contains(S3) && (bucket == null || bucket.isBlank())) {
            throw new ConfigurationProblem("kie.sink=" + sink + " needs kie.s3.bucket");
        }
        if (names.contains(S3) && partSize < MIN_PART_SIZE) {
            throw new ConfigurationProblem("kie.s3.part-size must be at least 5242880 (5 MiB), S3's smallest part");
        }
        return new Sinks(names);
    }

    public List<String> names() {
        return names;
    }

    public boolean includesS3() {
        return names.contains(S3);
    }
}
