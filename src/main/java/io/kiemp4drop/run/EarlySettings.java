package io.kiemp4drop.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * The few settings needed before camel-main reads its own (the log format, the demo profile), read in the same
 * order camel-main uses: system property, environment variable (KIE_LOG_FORMAT for kie.log.format),
 * ./application.properties, then the defaults shipped in the jar.
 */
public final class EarlySettings {

    private EarlySettings() {
    }

    public static Optional<String> read(String key) {
        String value = System.getProperty(key);
        if (value == null) {
            value = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
        if (value == null) {
            value = fromFile(key);
        }
        if (value == null) {
            value = fromJar(key);
        }
        return Optional.ofNullable(value).map(String::trim);
    }

    private static String fromFile(String key) {
        Path file = Path.of(Locations.PROPERTIES_FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return load(in).getProperty(key);
        } catch (IOException e) {
            return null;
        }
    }

    private static String fromJar(String key) {
        try (InputStream in = EarlySettings.class.getResourceAsStream("/" + Locations.DEFAULTS + Locations.PROPERTIES_FILE)) {
            return in == null ? null : load(in).getProperty(key);
        } catch (IOException e) {
            return null;
        }
    }

    private static Properties load(InputStream in) throws IOException {
        Properties properties = new Properties();
        properties.load(in);
        return properties;
    }
}
