package io.kiemp4drop.run;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where settings and routes come from. The jar carries the product's application.properties and routes as
 * defaults (under {@value #DEFAULTS}); in the working folder, an application.properties overrides them key by
 * key, and a routes/ folder replaces the shipped routes as a whole.
 */
public final class Locations {

    /** Class path folder of the defaults shipped in the jar. */
    public static final String DEFAULTS = "kie-mp4-drop/";
    public static final String PROPERTIES_FILE = "application.properties";
    public static final String ROUTES_FOLDER = "routes";
    private static final String ROUTE_FILES = "/*.camel.yaml";
    /**
     * The sink routes, in routes/sinks/ of a working folder, and beside the routes in the jar: Camel's scan of a jar
     * folder takes the files of its sub-folders too, under wrong names.
     */
    private static final String SINKS_IN_FOLDER = ROUTES_FOLDER + "/sinks";
    private static final String SINKS_IN_JAR = DEFAULTS + "sinks";

    private Locations() {
    }

    /** Property locations, the first that holds a key wins: the demo profile, the working folder, the jar. */
    public static String properties(boolean demo) {
        return (demo ? "classpath:" + DEFAULTS + "application-demo.properties," : "")
                + "file:" + PROPERTIES_FILE + ";optional=true,classpath:" + DEFAULTS + PROPERTIES_FILE;
    }

    /**
     * The routes/ folder of the working folder (with its sinks/) when there is one, else the routes shipped in the
     * jar; then the user's own route files named in kie.routes.include.
     */
    public static String routes(String include) {
        String routes = hasRoutesFolder()
                ? "file:" + ROUTES_FOLDER + ROUTE_FILES + ",file:" + SINKS_IN_FOLDER + ROUTE_FILES
                : routesInJar();
        return include == null || include.isBlank() ? routes : routes + "," + include.strip();
    }

    /** The routes shipped in the jar, with their sinks. */
    private static String routesInJar() {
        return "classpath:" + DEFAULTS + ROUTES_FOLDER + ROUTE_FILES + ",classpath:" + SINKS_IN_JAR + ROUTE_FILES;
    }

    /** The settings shipped in the jar, alone. */
    public static String propertiesInJar() {
        return "classpath:" + DEFAULTS + PROPERTIES_FILE;
    }

    public static boolean hasRoutesFolder() {
        return Files.isDirectory(Path.of(ROUTES_FOLDER));
    }
}
