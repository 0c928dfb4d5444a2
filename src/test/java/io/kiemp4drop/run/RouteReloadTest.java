package io.kiemp4drop.run;

import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.recordInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.DropTestBase;
import io.kiemp4drop.support.LogCapture;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.RunningDrop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * kie.routes.reload: a step added to the SUCCESS branch of routes/poll.yaml while the bundle runs (the
 * README's example) applies to the next task, without a restart.
 */
class RouteReloadTest extends DropTestBase {

    private static final String SUCCESS_BRANCH = "              - simple: \"${body.successFlag} == 'SUCCESS'\"\n"
            + "                steps:\n";
    private static final String ADDED_STEP = "                  - log:\n"
            + "                      message: \"SUCCESS branch edited: ${exchangeProperty.kieTaskId}\"\n";

    @Test
    void aStepAddedToARouteFileTakesEffectWhileRunning() throws Exception {
        Path routes = Files.createDirectories(home.resolve("routes"));
        try (var originals = Files.list(Path.of("routes"))) {
            for (Path route : originals.toList()) {
                Files.copy(route, routes.resolve(route.getFileName()));
            }
        }
        Map<String, String> s = settings();
        s.put("kie.routes.reload", "true");
        s.put("camel.main.routes-include-pattern", "file:" + routes + "/*.yaml");
        s.put("camel.main.routes-reload-directory", routes.toString());
        kie.video("/files/t-before.mp4", Mp4s.of(10_000, 131));
        kie.video("/files/t-after.mp4", Mp4s.of(10_000, 132));
        API.stubFor(recordInfo("t-before").willReturn(json(200, kie.success("t-before", "/files/t-before.mp4"))));
        API.stubFor(recordInfo("t-after").willReturn(json(200, kie.success("t-after", "/files/t-after.mp4"))));
        s.put("kie.task-ids", "t-before");

        try (LogCapture logs = LogCapture.install()) {
            RunningDrop drop = start(s);
            drop.awaitState("t-before", TaskState.DELIVERED);
            assertThat(logs.all()).doesNotContain("SUCCESS branch edited");

            Path poll = routes.resolve("poll.yaml");
            String original = Files.readString(poll);
            assertThat(original).contains(SUCCESS_BRANCH);
            Files.writeString(poll, original.replace(SUCCESS_BRANCH, SUCCESS_BRANCH + ADDED_STEP));
            await().atMost(Duration.ofSeconds(30)).until(() -> logs.all().contains("Routes reloaded summary"));

            drop.store().add("t-after", "test");
            drop.awaitState("t-after", TaskState.DELIVERED);
            assertThat(logs.lines()).anyMatch(l -> l.contains("SUCCESS branch edited: t-after"));
        }
    }
}
