package io.kiemp4drop.run;

/** kie.log.format has to be known before the first logger exists, which is before camel-main reads its settings. */
public final class LogFormat {

    private static final String KEY = "kie.log.format";

    private LogFormat() {
    }

    /** Sets the system property log4j2.properties picks its console layout from: json or text. */
    public static void select() {
        String format = EarlySettings.read(KEY).orElse("text");
        System.setProperty(KEY, "json".equalsIgnoreCase(format) ? "json" : "text");
    }
}
