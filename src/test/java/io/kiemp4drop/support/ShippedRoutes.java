package io.kiemp4drop.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The project's routes/ folder (the routes the jar ships), with its sinks/. */
public final class ShippedRoutes {

    private static final Path ROUTES = Path.of("routes");

    private ShippedRoutes() {
    }

    /** A writable copy in {@code target}, sub-folders included; returns {@code target}. */
    public static Path copyTo(Path target) throws IOException {
        try (Stream<Path> files = Files.walk(ROUTES)) {
            for (Path original : files.filter(Files::isRegularFile).toList()) {
                Path copy = target.resolve(ROUTES.relativize(original).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(original, copy);
            }
        }
        return target;
    }
}
