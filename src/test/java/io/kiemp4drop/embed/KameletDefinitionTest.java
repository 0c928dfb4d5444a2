package io.kiemp4drop.embed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.support.PropertyBindingSupport;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * The Kamelet file is a Kamelet (the fields Camel and Camel K read), every property it defines reaches the
 * component and back, its defaults are the bundle's, and the README's table says what the file says.
 */
class KameletDefinitionTest {

    private static final String KAMELET = "kamelets/kie-mp4-source.kamelet.yaml";

    @Test
    void theFileHasTheFieldsOfAKameletSource() throws Exception {
        JsonNode kamelet = kamelet();
        assertThat(kamelet.path("apiVersion").asText()).isEqualTo("camel.apache.org/v1");
        assertThat(kamelet.path("kind").asText()).isEqualTo("Kamelet");
        assertThat(kamelet.path("metadata").path("name").asText()).isEqualTo("kie-mp4-source");
        assertThat(kamelet.path("metadata").path("labels").path("camel.apache.org/kamelet.type").asText()).isEqualTo("source");
        JsonNode definition = kamelet.path("spec").path("definition");
        assertThat(definition.path("title").asText()).isNotBlank();
        assertThat(definition.path("description").asText()).isNotBlank();
        assertThat(definition.path("type").asText()).isEqualTo("object");
        assertThat(definition.path("required")).extracting(JsonNode::asText).containsExactly("apiKey");
        Map<String, JsonNode> properties = properties();
        assertThat(properties).containsKeys("apiKey", "taskIds", "baseUrl", "pollPeriod", "maxRequestsPerSecond", "stateDir",
                "jdbcUrl", "username", "password", "allowHttp", "allowedHosts", "objectName", "maxBytes");
        properties.forEach((name, property) -> {
            assertThat(property.path("title").asText()).as(name).isNotBlank();
            assertThat(property.path("description").asText()).as(name).isNotBlank();
            assertThat(property.path("type").asText()).as(name).isIn("string", "integer", "boolean");
        });
        assertThat(properties.get("apiKey").path("format").asText()).isEqualTo("password");
        assertThat(properties.get("password").path("format").asText()).isEqualTo("password");
        assertThat(properties.get("baseUrl").path("default").asText()).isEqualTo("https://api.kie.ai");
        assertThat(properties.get("pollPeriod").path("default").asText()).isEqualTo("30s");
        assertThat(properties.get("maxRequestsPerSecond").path("default").asText()).isEqualTo("2");
        assertThat(properties.get("stateDir").path("default").asText()).isEqualTo("./kie-state");
        assertThat(properties.get("allowHttp").path("default").asBoolean(true)).isFalse();
        assertThat(properties.get("objectName").path("default").asText()).isEqualTo("{taskId}");
        assertThat(kamelet.path("spec").path("template").path("from").path("steps").toString()).contains("kamelet:sink");
        Matcher version = Pattern.compile("<artifactId>kie-mp4-drop</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(version.find()).isTrue();
        assertThat(kamelet.path("spec").path("dependencies")).extracting(JsonNode::asText)
                .contains("camel:kamelet", "mvn:io.kiemp4drop:kie-mp4-drop:" + version.group(1));
    }

    @Test
    void everyPropertyIsPassedToTheComponentWhichTakesIt() throws Exception {
        JsonNode from = kamelet().path("spec").path("template").path("from");
        assertThat(from.path("uri").asText()).isEqualTo("kie-mp4:{{routeId}}");
        Map<String, JsonNode> properties = properties();
        List<String> parameters = new ArrayList<>();
        from.path("parameters").fields().forEachRemaining(parameter -> {
            String name = parameter.getKey();
            parameters.add(name);
            JsonNode property = properties.get(name);
            boolean optional = property != null && !"apiKey".equals(name)
                    && (!property.has("default") || property.path("default").asText().isEmpty());
            assertThat(parameter.getValue().asText()).as(name).isEqualTo(optional ? "{{?" + name + "}}" : "{{" + name + "}}");
        });
        assertThat(parameters).containsExactlyInAnyOrderElementsOf(properties.keySet());
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            KieSourceEndpoint endpoint = new KieSourceEndpoint("kie-mp4:test", new KieSourceComponent(), "test");
            for (String name : parameters) {
                assertThat(PropertyBindingSupport.build().withCamelContext(context).withTarget(endpoint)
                        .withProperty(name, "1").bind()).as(name).isTrue();
            }
        }
    }

    @Test
    void itsDefaultsAreTheBundlesDefaults() throws Exception {
        Properties bundle = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("kie-mp4-drop/application.properties")) {
            bundle.load(in);
        }
        properties().forEach((name, property) -> {
            String setting = SourceSettings.settingOf(name);
            if (setting != null && property.has("default")) {
                assertThat(property.path("default").asText()).as(name + " / " + setting).isEqualTo(bundle.getProperty(setting));
            }
        });
    }

    @Test
    void theReadmeTableListsEveryPropertyWithItsDefault() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int section = readme.indexOf("## Use it inside your Camel application");
        assertThat(section).isPositive();
        String text = readme.substring(section);
        Matcher row = Pattern.compile("^\\| `(\\w+)` \\| ([^|]*) \\|", Pattern.MULTILINE).matcher(text);
        Map<String, String> table = new LinkedHashMap<>();
        while (row.find() && table.size() < properties().size()) {
            table.put(row.group(1), row.group(2).strip());
        }
        assertThat(table.keySet()).containsExactlyElementsOf(properties().keySet());
        properties().forEach((name, property) -> {
            String expected = "apiKey".equals(name) ? "required"
                    : property.has("default") && !property.path("default").asText().isEmpty()
                    ? "`" + property.path("default").asText() + "`" : "(empty)";
            assertThat(table.get(name)).as(name).isEqualTo(expected);
        });
    }

    @Test
    void theCamelKPipeGivesTheKameletOnlyPropertiesItDefinesAndEveryRequiredOne() throws Exception {
        JsonNode pipe = new ObjectMapper(new YAMLFactory()).readTree(Path.of("deploy/camel-k/pipe.yaml").toFile());
        assertThat(pipe.path("kind").asText()).isEqualTo("Pipe");
        JsonNode source = pipe.path("spec").path("source");
        assertThat(source.path("ref").path("name").asText()).isEqualTo("kie-mp4-source");
        List<String> given = new ArrayList<>();
        source.path("properties").fieldNames().forEachRemaining(given::add);
        assertThat(properties().keySet()).containsAll(given);
        assertThat(given).contains("apiKey");
        assertThat(pipe.path("spec").path("sink").path("ref").path("name").asText()).isEqualTo("aws-s3-sink");
    }

    private static Map<String, JsonNode> properties() throws Exception {
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        kamelet().path("spec").path("definition").path("properties").fields()
                .forEachRemaining(entry -> properties.put(entry.getKey(), entry.getValue()));
        return properties;
    }

    private static JsonNode kamelet() throws Exception {
        try (InputStream in = KameletDefinitionTest.class.getClassLoader().getResourceAsStream(KAMELET)) {
            assertThat(in).as(KAMELET).isNotNull();
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        }
    }
}
