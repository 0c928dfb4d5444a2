package io.kiemp4drop.run;

/**
 * Logging is set up before the first logger exists, which is before camel-main reads its settings: the bundle's own
 * log4j configuration (kie-mp4-drop/log4j2.properties in the jar, not at its root, where it would take over the
 * logging of an application that uses the bundle as a library) and kie.log.format.
 */
public final class LogFormat {

    private static final String KEY = "kie.log.format";
    private static final String LOG4J_CONFIGURATION = "log4j2.configurationFile";

    private LogFormat() {
    }

    /** The bundle's log4j configuration, unless one is given (-Dlog4j2.configurationFile). */
    public static void useOwnConfiguration() {
        if (System.getProperty(LOG4J_CONFIGURATION) == null && System.getenv("LOG4J_CONFIGURATION_FILE") == null) {
            System.setProperty(LOG4J_CONFIGURATION, "kie-mp4-drop/log4j2.properties");
        }
    }

    /** Sets the system property log4j2.properties picks its console layout from: json or text. */
    public static void select() {
        String format = EarlySettings.read(KEY).orElse("text");
        System.setProperty(KEY, "json".equalsIgnoreCase(format) ? "json" : "text");
    }
}
