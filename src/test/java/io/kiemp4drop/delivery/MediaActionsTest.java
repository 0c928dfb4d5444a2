package io.kiemp4drop.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.media.MediaFacts;
import io.kiemp4drop.media.Mp4Inspector;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.BundleRouteTest;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.RealMp4s;
import io.kiemp4drop.support.Settings;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

/**
 * The ffmpeg steps with Debian's ffmpeg: a video served moov-last is remuxed for faststart and gets a poster frame,
 * handed to the sink before its sidecar; an audio-only one gets no poster. Checked with ffprobe and javax.imageio.
 */
@Settings({"kie.media.ffmpeg=ffmpeg", "kie.media.poster=true", "kie.media.faststart=true", "kie.media.poster-width=160"})
class MediaActionsTest extends BundleRouteTest {

    @Test
    void aMoovLastVideoArrivesFaststartWithItsPosterBeforeItsSidecar() throws Exception {
        Path served = RealMp4s.h264Aac();
        byte[] source = Files.readAllBytes(served);
        kie.video("/files/t-fast.mp4", source);
        kie.pendingThen("t-fast", 0, kie.success("t-fast", "/files/t-fast.mp4"));
        byte[] audio = Files.readAllBytes(RealMp4s.audioOnly());
        kie.video("/files/t-audio.mp4", audio);
        kie.pendingThen("t-audio", 0, kie.success("t-audio", "/files/t-audio.mp4"));
        byte[] ready = Files.readAllBytes(RealMp4s.h264AacFaststart());
        kie.video("/files/t-ready.mp4", ready);
        kie.pendingThen("t-ready", 0, kie.success("t-ready", "/files/t-ready.mp4"));
        AdviceWith.adviceWith(context, "sink-file", route -> route.weaveAddFirst().to("mock:file-sink"));
        MockEndpoint fileSink = getMockEndpoint("mock:file-sink");

        startWithTasks("t-fast", "t-audio", "t-ready");
        awaitState("t-fast", TaskState.DELIVERED);
        awaitState("t-audio", TaskState.DELIVERED);
        awaitState("t-ready", TaskState.DELIVERED);

        Path video = drop().resolve("t-fast.mp4");
        MediaFacts facts = Mp4Inspector.inspect(video);
        assertThat(facts.faststart()).as("moov before mdat after the remux").isTrue();
        JsonNode before = RealMp4s.probe(served);
        JsonNode after = RealMp4s.probe(video);
        assertThat(after.path("format").path("duration").asDouble())
                .isCloseTo(before.path("format").path("duration").asDouble(), within(0.001));
        assertThat(RealMp4s.stream(after, "video").path("width").asInt()).isEqualTo(RealMp4s.stream(before, "video").path("width").asInt());
        assertThat(RealMp4s.stream(after, "video").path("nb_frames").asText())
                .as("remuxed, not re-encoded").isEqualTo(RealMp4s.stream(before, "video").path("nb_frames").asText());

        JsonNode sidecar = new ObjectMapper().readTree(drop().resolve("t-fast.json").toFile());
        assertThat(sidecar.path("sha256").asText()).isEqualTo(Mp4s.sha256(Files.readAllBytes(video)));
        assertThat(sidecar.path("bytes").asLong()).isEqualTo(Files.size(video));
        assertThat(sidecar.path("sourceSha256").asText()).isEqualTo(Mp4s.sha256(source));
        assertThat(sidecar.path("sourceBytes").asLong()).isEqualTo(source.length);
        assertThat(sidecar.path("media").path("faststart").asBoolean()).isTrue();
        assertThat(sidecar.path("poster").asText()).isEqualTo("t-fast.jpg");

        BufferedImage poster = ImageIO.read(drop().resolve("t-fast.jpg").toFile());
        assertThat(poster).as("a JPEG javax.imageio can decode").isNotNull();
        assertThat(poster.getWidth()).isEqualTo(160);
        assertThat(poster.getHeight()).as("aspect kept: 320 x 240 source").isEqualTo(120);

        assertThat(kinds(fileSink, "t-fast")).containsExactly("poster", "sidecar", "video");
        assertThat(kinds(fileSink, "t-audio")).as("no video track, no poster").containsExactly("sidecar", "video");
        JsonNode audioSidecar = new ObjectMapper().readTree(drop().resolve("t-audio.json").toFile());
        assertThat(audioSidecar.path("poster").isNull()).isTrue();
        assertThat(audioSidecar.path("media").path("faststart").asBoolean()).isTrue();
        JsonNode readySidecar = new ObjectMapper().readTree(drop().resolve("t-ready.json").toFile());
        assertThat(readySidecar.has("sourceSha256")).as("already faststart: not remuxed").isFalse();
        assertThat(Files.readAllBytes(drop().resolve("t-ready.mp4"))).isEqualTo(ready);
        assertThat(readySidecar.path("poster").asText()).isEqualTo("t-ready.jpg");
        assertThat(Files.exists(drop().resolve("t-audio.jpg"))).isFalse();
        try (var spool = Files.list(drop().resolve(".spool"))) {
            assertThat(spool.toList()).as("spool released, scratch files gone").isEmpty();
        }
    }

    private static List<String> kinds(MockEndpoint sink, String taskId) {
        return sink.getReceivedExchanges().stream().map(Exchange::getMessage)
                .filter(m -> taskId.equals(m.getHeader("KieTaskId"))).map(m -> m.getHeader("KieKind", String.class)).toList();
    }
}
