package io.kiemp4drop.embed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The route files of one class path folder, each named on its own. Camel's wildcard scan reads plain jars and
 * folders but not a jar nested in another (a Spring Boot application's BOOT-INF/lib), so the embedded bundle
 * lists its routes itself through the class loader's own URL handler and hands Camel their exact names.
 */
final class RouteFiles {

    private static final String SUFFIX = ".camel.yaml";

    private RouteFiles() {
    }

    /** {@code classpath:} locations of the *.camel.yaml files directly in {@code folder}, in name order. */
    static List<String> in(String folder) {
        String anchor = folder.endsWith("/") ? folder : folder + "/";
        URL url = RouteFiles.class.getClassLoader().getResource(anchor);
        if (url == null) {
            throw new IllegalStateException("the class path has no folder " + anchor);
        }
        List<String> names = "file".equals(url.getProtocol()) ? inFolder(url) : inJar(url, anchor);
        List<String> locations = new ArrayList<>();
        names.stream().filter(name -> name.endsWith(SUFFIX)).sorted()
                .forEach(name -> locations.add("classpath:" + anchor + name));
        return locations;
    }

    private static List<String> inFolder(URL url) {
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            return files.filter(Files::isRegularFile).map(file -> file.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> inJar(URL url, String anchor) {
        try {
            URLConnection connection = url.openConnection();
            if (!(connection instanceof JarURLConnection jar)) {
                throw new IllegalStateException("cannot list the route files at " + url);
            }
            jar.setUseCaches(false);
            try (JarFile file = jar.getJarFile()) {
                List<String> names = new ArrayList<>();
                for (JarEntry entry : Collections.list(file.entries())) {
                    String name = entry.getName();
                    if (!entry.isDirectory() && name.startsWith(anchor) && name.indexOf('/', anchor.length()) < 0) {
                        names.add(name.substring(anchor.length()));
                    }
                }
                return names;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
