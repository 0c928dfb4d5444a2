package io.kiemp4drop.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * kie.log.format has to be known before logging starts, which is before camel-main reads its settings:
 * this reads it the same way (system property, then KIE_LOG_FORMAT, then ./application.properties).
 */
public final class LogFormat {

    private static final String KEY = "kie.log.format";

    private LogFormat() {
    }

    public static void select() {
        String format = System.getProperty(KEY);
        if (format == null) {
            format = System.getenv("KIE_LOG_FORMAT");
        }
        if (format == null) {
            format = fromFile(Path.of("application.properties"));
        }
        System.setProperty(KEY, "json".equalsIgnoreCase(format == null ? "" : format.trim()) ? "json" : "text");
    }

    private static String fromFile(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            return null;
        }
        String value = properties.getProperty(KEY);
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }
}
