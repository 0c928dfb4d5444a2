package io.kiemp4drop.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.support.JarProcess;
import io.kiemp4drop.support.ShippedRoutes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The README's run command, the packaged jar with --demo and no API key, and its installation rules: from an
 * empty folder it runs on the settings and routes shipped in the jar; an application.properties in the working
 * folder overrides the shipped settings key by key; a routes/ folder there replaces the shipped routes.
 */
@Execution(ExecutionMode.CONCURRENT)
class DemoIT {

    private static final String[] DELIVERED = {"demo-aurora", "demo-borealis", "demo-cascade"};
    private static final String ADDED_STEP = "Publishing ${exchangeProperty.taskId} (a step of the working folder's routes)";

    @TempDir
    Path home;

    @Test
    void fromAnEmptyFolderTheDemoDeliversItsSampleVideosAndReportsTheFailedOne() throws Exception {
        String output = runDemo(home);

        assertThat(output).contains("demo-failed FAILED");
        assertThat(output).containsPattern("\\[task demo-aurora\\] - Task demo-aurora delivered");
        assertDelivered(home.resolve("drop"));
        assertThat(Files.readString(home.resolve("drop/failed/demo-failed.json"))).contains("GENERATE_MP4_FAILED");
    }

    @Test
    void theWorkingFolderOverridesShippedSettingsKeyByKeyAndItsRoutesReplaceTheShippedOnes() throws Exception {
        Files.writeString(home.resolve("application.properties"), "kie.drop.dir=./videos\nkie.log.format=json\n");
        copyShippedRoutesWithAStepAdded(home.resolve("routes"));

        List<JsonNode> lines = jsonLines(runDemo(home));

        assertDelivered(home.resolve("videos"));
        assertThat(home.resolve("drop/demo-aurora.mp4")).doesNotExist();
        // kie.failed.dir was not overridden: its shipped default (./drop/failed) still holds
        assertThat(Files.readString(home.resolve("drop/failed/demo-failed.json"))).contains("GENERATE_MP4_FAILED");
        assertThat(lines).allSatisfy(line -> assertThat(line.has("message")).isTrue());
        assertThat(lines).anyMatch(line -> line.path("message").asText().startsWith("Task demo-aurora delivered")
                && line.path("taskId").asText().equals("demo-aurora"));
        assertThat(lines).anyMatch(line -> line.path("message").asText().equals(ADDED_STEP.replace("${exchangeProperty.taskId}", "demo-aurora"))
                && line.path("taskId").asText().equals("demo-aurora"));
    }

    private static String runDemo(Path folder) throws Exception {
        try (JarProcess demo = JarProcess.start(folder, Map.of(), "--demo")) {
            assertThat(demo.awaitExit(120)).as(demo.output()).isEqualTo(1);
            return demo.output();
        }
    }

    private static void assertDelivered(Path drop) throws Exception {
        for (String id : DELIVERED) {
            byte[] video = Files.readAllBytes(drop.resolve(id + ".mp4"));
            assertThat(new String(video, 4, 4, StandardCharsets.US_ASCII)).isEqualTo("ftyp");
            assertThat(Files.readString(drop.resolve(id + ".json"))).contains("\"sha256\"");
        }
    }

    /** The project's routes (the ones the jar ships), with a log step added at the start of publish-video. */
    private static void copyShippedRoutesWithAStepAdded(Path routes) throws Exception {
        ShippedRoutes.copyTo(routes);
        Path publish = routes.resolve("publish.camel.yaml");
        String yaml = Files.readString(publish);
        int steps = yaml.indexOf("steps:\n", yaml.indexOf("id: publish-video"));
        assertThat(steps).as("publish-video has steps").isPositive();
        int indent = steps - yaml.lastIndexOf('\n', steps) - 1;
        String step = " ".repeat(indent + 2) + "- log: \"" + ADDED_STEP + "\"\n";
        int at = steps + "steps:\n".length();
        Files.writeString(publish, yaml.substring(0, at) + step + yaml.substring(at));
    }

    private static List<JsonNode> jsonLines(String output) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.lines().filter(l -> !l.isBlank()).toList()) {
            lines.add(json.readTree(line));
        }
        return lines;
    }
}
