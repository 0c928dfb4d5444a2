package io.kiemp4drop.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.BundleRouteTest;
import io.kiemp4drop.support.LogCapture;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.RealMp4s;
import io.kiemp4drop.support.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An ffmpeg that never finishes (a stand-in that sleeps): each step is stopped at kie.media.ffmpeg-timeout, says so
 * in one line, and the video is delivered as kie.ai served it, without a poster.
 */
@Settings({"kie.media.poster=true", "kie.media.faststart=true", "kie.media.ffmpeg-timeout=1s"})
class MediaActionFailuresTest extends BundleRouteTest {

    @Override
    protected void moreSettings(Map<String, String> settings) {
        try {
            Path fake = home.resolve("bin/ffmpeg");
            Files.createDirectories(fake.getParent());
            Files.writeString(fake, "#!/bin/sh\nsleep 60\n");
            Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
            settings.put("kie.media.ffmpeg", fake.toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anFfmpegPastItsTimeLimitIsStoppedAndTheVideoGoesAsServedWithoutAPoster() throws Exception {
        byte[] source = Files.readAllBytes(RealMp4s.h264Aac());
        kie.video("/files/t-slow.mp4", source);
        kie.pendingThen("t-slow", 0, kie.success("t-slow", "/files/t-slow.mp4"));

        try (LogCapture logs = LogCapture.install()) {
            startWithTasks("t-slow");
            awaitState("t-slow", TaskState.DELIVERED);

            assertThat(Files.readAllBytes(drop().resolve("t-slow.mp4"))).isEqualTo(source);
            JsonNode sidecar = new ObjectMapper().readTree(drop().resolve("t-slow.json").toFile());
            assertThat(sidecar.path("sha256").asText()).isEqualTo(Mp4s.sha256(source));
            assertThat(sidecar.has("sourceSha256")).isFalse();
            assertThat(sidecar.path("poster").isNull()).isTrue();
            assertThat(sidecar.path("media").path("faststart").asBoolean()).isFalse();
            assertThat(Files.exists(drop().resolve("t-slow.jpg"))).isFalse();
            assertThat(logs.lines()).filteredOn(l -> l.contains("t-slow: faststart failed, delivering the video as kie.ai served it:"
                    + " ffmpeg did not finish within kie.media.ffmpeg-timeout (1 s) and was stopped")).hasSize(1);
            assertThat(logs.lines()).filteredOn(l -> l.contains("t-slow: no poster, the video goes without one:"
                    + " ffmpeg did not finish within kie.media.ffmpeg-timeout (1 s) and was stopped")).hasSize(1);
            assertThat(logs.all()).doesNotContain("\tat ");
        }
    }
}
