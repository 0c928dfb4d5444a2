package io.kiemp4drop.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in routes/ parses with the YAML DSL and names its routes: a broken route file fails the build,
 * not production. (Every test that starts the bundle also builds all routes for real.)
 */
class RouteFilesTest {

    static List<Path> routeFiles() throws Exception {
        try (var files = Files.list(Path.of("routes"))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("routeFiles")
    void parsesAndGivesEveryRouteAnId(Path file) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            Resource resource = ResourceHelper.resolveMandatoryResource(context, "file:" + file);
            var builders = PluginHelper.getRoutesLoader(context).findRoutesBuilders(resource);
            assertThat(builders).isNotEmpty();
            for (RoutesBuilder builder : builders) {
                context.addRoutes(builder);
            }
            assertThat(context.getRouteDefinitions()).allSatisfy(route -> assertThat(route.getRouteId()).isNotBlank());
            assertThat(Files.readString(file)).doesNotContain("\t");
        }
    }
}
