package io.kiemp4drop.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kiemp4drop.support.JarProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's run command: the packaged jar with --demo and no API key, in a fresh folder. */
class DemoIT {

    @TempDir
    Path home;

    @Test
    void theDemoDeliversItsSampleVideosAndReportsTheFailedOne() throws Exception {
        JarProcess.install(home);
        try (JarProcess demo = JarProcess.start(home, Map.of(), "--demo")) {
            assertThat(demo.awaitExit(120)).as(demo.output()).isEqualTo(1);
            assertThat(demo.output()).contains("demo-failed FAILED");
        }
        for (String id : new String[] {"demo-aurora", "demo-borealis", "demo-cascade"}) {
            byte[] video = Files.readAllBytes(home.resolve("drop/" + id + ".mp4"));
            assertThat(new String(video, 4, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("ftyp");
            assertThat(Files.readString(home.resolve("drop/" + id + ".json"))).contains("\"sha256\"");
        }
        assertThat(Files.readString(home.resolve("drop/failed/demo-failed.json"))).contains("GENERATE_MP4_FAILED");
    }

    @Test
    void jsonLogsAreOneObjectPerLineWithTheTaskIdOnTransitions() throws Exception {
        JarProcess.install(home);
        String output;
        try (JarProcess demo = JarProcess.start(home, Map.of("kie.log.format", "json"), "--demo")) {
            assertThat(demo.awaitExit(120)).as(demo.output()).isEqualTo(1);
            output = demo.output();
        }
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.List<com.fasterxml.jackson.databind.JsonNode> lines = new java.util.ArrayList<>();
        for (String line : output.lines().filter(l -> !l.isBlank()).toList()) {
            lines.add(json.readTree(line));
        }
        assertThat(lines).allSatisfy(line -> assertThat(line.has("message")).isTrue());
        assertThat(lines).anyMatch(line -> line.path("message").asText().startsWith("Task demo-aurora delivered")
                && line.path("taskId").asText().equals("demo-aurora"));
    }
}
