package io.kiemp4drop.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.kiemp4drop.model.ExchangeNames;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in routes/ parses with the YAML DSL and defines something: a broken or empty route file fails the
 * build, not production. (Every route test also builds all routes for real.)
 */
class RouteFilesTest {

    private static final Pattern PROPERTY_USE = Pattern.compile(
            "exchangeProperty\\.(\\w+)|\\n\\s*- setProperty:\\s*\\n(?:\\s*#.*\\n)*\\s*name: (\\w+)");

    static List<Path> routeFiles() throws Exception {
        try (Stream<Path> files = Files.walk(Path.of("routes"))) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("routeFiles")
    void parsesAndDefinesRoutesEachWithAnId(Path file) throws Exception {
        assertThat(file.getFileName().toString()).as("the name Camel tooling recognises").endsWith(".camel.yaml");
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation("file:application.properties");
            Resource resource = ResourceHelper.resolveMandatoryResource(context, "file:" + file);
            for (RoutesBuilder builder : PluginHelper.getRoutesLoader(context).findRoutesBuilders(resource)) {
                context.addRoutes(builder);
            }
            Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
            int defined = model.getRouteDefinitions().size() + model.getRouteConfigurationDefinitions().size()
                    + model.getRestDefinitions().size();
            assertThat(defined).as(file + " defines no route, route configuration or REST service").isPositive();
            assertThat(model.getRouteDefinitions()).allSatisfy(route -> assertThat(route.getRouteId()).isNotBlank());
            assertThat(Files.readString(file)).doesNotContain("\t");
        }
    }

    @Test
    void everyExchangePropertyTheRoutesUseIsDeclaredInOnePlace() throws Exception {
        Set<String> declared = Arrays.stream(ExchangeNames.class.getFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
                .map(RouteFilesTest::value).collect(Collectors.toSet());
        for (Path file : routeFiles()) {
            Matcher uses = PROPERTY_USE.matcher(Files.readString(file));
            while (uses.find()) {
                String name = uses.group(1) != null ? uses.group(1) : uses.group(2);
                if (name.startsWith("Camel")) {
                    continue; // Camel's own, such as CamelLoopIndex
                }
                assertThat(declared).as(file + " uses exchange property " + name).contains(name);
            }
        }
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
