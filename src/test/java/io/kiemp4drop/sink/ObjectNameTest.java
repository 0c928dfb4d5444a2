package io.kiemp4drop.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.BundleRouteTest;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.Settings;
import io.kiemp4drop.support.Spool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** kie.object-name through the file sink: folders from the template, hostile values kept inside, no silent overwrite. */
@Settings("kie.object-name=songs/{createDate}/{musicId}")
class ObjectNameTest extends BundleRouteTest {

    /** A SUCCESS answer whose musicId is {@code musicId} (JSON-escaped). */
    private String successWithMusicId(String taskId, String musicId) {
        return kie.success(taskId, "/files/" + taskId + ".mp4").replace("\"musicId\":\"m-" + taskId + "\"",
                "\"musicId\":\"" + musicId + "\"");
    }

    @Test
    void theTemplateMakesFoldersAndAHostileMusicIdStaysInsideTheDrop() throws Exception {
        byte[] video = Mp4s.of(50_000, 3);
        kie.video("/files/t-evil.mp4", video);
        kie.pendingThen("t-evil", 0, successWithMusicId("t-evil", "../../../etc/cron.d/x\\nline"));
        startWithTasks("t-evil");

        awaitState("t-evil", TaskState.DELIVERED);
        Path expected = drop().resolve("songs/2026-11-01/.._.._.._etc_cron.d_x_line.mp4");
        assertThat(Mp4s.sha256(Files.readAllBytes(expected))).isEqualTo(Mp4s.sha256(video));
        assertThat(expected.resolveSibling(".._.._.._etc_cron.d_x_line.json")).exists();
        try (Stream<Path> files = Files.walk(home)) {
            assertThat(files.filter(Files::isRegularFile).map(Path::toString))
                    .noneMatch(p -> p.contains("cron.d/") || p.contains("/etc/"));
        }
    }

    @Test
    void twoTasksGivenOneNameDoNotOverwriteEachOther() throws Exception {
        for (String taskId : List.of("t-one", "t-two")) {
            kie.video("/files/" + taskId + ".mp4", Mp4s.of(40_000, taskId.hashCode()));
            kie.pendingThen(taskId, 0, successWithMusicId(taskId, "same-song"));
        }
        startWithTasks("t-one", "t-two");

        await().atMost(Duration.ofSeconds(30)).until(() -> state("t-one").isTerminal() && state("t-two").isTerminal());
        String first = state("t-one") == TaskState.DELIVERED ? "t-one" : "t-two";
        String second = first.equals("t-one") ? "t-two" : "t-one";
        assertThat(state(second)).isEqualTo(TaskState.FAILED);
        assertThat(Mp4s.sha256(Files.readAllBytes(drop().resolve("songs/2026-11-01/same-song.mp4"))))
                .isEqualTo(Mp4s.sha256(Mp4s.of(40_000, first.hashCode())));
        assertThat(Files.readString(drop().resolve("failed/" + second + ".json")))
                .contains("object name 'songs/2026-11-01/same-song' (kie.object-name) is already taken by task " + first);
        await().atMost(Duration.ofSeconds(10)).until(() -> !Spool.hasVideo(drop().resolve(".spool"), second));
    }
}
