package io.kiemp4drop.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one series from Prometheus text. */
public final class Prometheus {

    private Prometheus() {
    }

    /** The value of {@code series} (name with its labels, as printed), 0 when absent. */
    public static double value(String prometheusText, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(prometheusText);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
