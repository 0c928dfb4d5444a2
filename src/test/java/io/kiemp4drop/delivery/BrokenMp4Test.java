package io.kiemp4drop.delivery;

import static io.kiemp4drop.support.BrokenMp4s.concat;
import static io.kiemp4drop.support.BrokenMp4s.offsetOf;
import static io.kiemp4drop.support.BrokenMp4s.retyped;
import static io.kiemp4drop.support.BrokenMp4s.sized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.BundleRouteTest;
import io.kiemp4drop.support.RawHttpServer;
import io.kiemp4drop.support.RawHttpServer.Response;
import io.kiemp4drop.support.RealMp4s;
import io.kiemp4drop.support.Settings;
import io.kiemp4drop.support.Spool;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Videos whose every byte arrives (a right Content-Length, a right ftyp) but whose MP4 structure is not whole:
 * each is refused by the structure check with its reason, retried up to kie.download.max-attempts, and never reaches
 * a sink. A whole one beside them is delivered with its media facts in the sidecar.
 */
@Settings("kie.download.max-attempts=2")
class BrokenMp4Test extends BundleRouteTest {

    private static final int MAX_ATTEMPTS = 2;

    private final VideoUrls videos = new VideoUrls(API);
    private final List<RawHttpServer> hosts = new ArrayList<>();

    @AfterEach
    void closeHosts() throws Exception {
        for (RawHttpServer host : hosts) {
            host.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyBrokenKindIsRefusedWithItsReasonAndNothingReachesTheDrop() throws Exception {
        byte[] faststart = Files.readAllBytes(RealMp4s.h264AacFaststart());
        byte[] moovLast = Files.readAllBytes(RealMp4s.h264Aac());
        int mdatFast = offsetOf(faststart, "mdat");
        int mdatLast = offsetOf(moovLast, "mdat");

        List<DynamicTest> checks = new ArrayList<>();
        String broken = "not a whole MP4: ";
        checks.add(refused("t-no-moov", retyped(faststart, offsetOf(faststart, "moov"), "free"), broken + "no 'moov' box"));
        checks.add(refused("t-mdat-long", sized(faststart, mdatFast, faststart.length - mdatFast + 1000),
                broken + "box 'mdat' at offset " + mdatFast + " declares " + (faststart.length - mdatFast + 1000)
                        + " bytes, running past the end of the file"));
        checks.add(refused("t-size-0", sized(moovLast, mdatLast, 0),
                "'mdat' at offset " + mdatLast + " declares size 0, so it runs to the end of the file"));
        checks.add(refused("t-junk", concat(faststart, "<html>oops</html>".getBytes(StandardCharsets.US_ASCII)),
                broken + "box 'l>oo' at offset " + faststart.length + " declares 1013478509 bytes, running past the end"));
        // refused by the signature check while it streams, before the structure check
        checks.add(refused("t-ftyp-2nd", concat(new byte[] {0, 0, 0, 8, 'f', 'r', 'e', 'e'}, faststart),
                "body is not an MP4 (no ftyp box at byte 4"));
        checks.add(refused("t-ftyp-only", Arrays.copyOf(faststart, ByteBuffer.wrap(faststart).getInt(0)), broken + "no 'moov' box"));
        checks.add(wholeWithMediaFacts("t-whole", RealMp4s.h264Aac()));
        startWithTasks(videos.taskIdArray());
        return checks.stream();
    }

    private DynamicTest refused(String taskId, byte[] body, String reason) throws Exception {
        RawHttpServer host = fileHost(taskId, body, MAX_ATTEMPTS);
        return dynamicTest(taskId, () -> {
            TaskRecord task = awaitState(taskId, TaskState.FAILED);
            assertThat(task.lastError()).contains(reason).contains(MAX_ATTEMPTS + " attempts");
            assertThat(host.connections()).as("retried up to kie.download.max-attempts").isEqualTo(MAX_ATTEMPTS);
            assertThat(Files.exists(drop().resolve(taskId + ".mp4"))).isFalse();
            assertThat(Files.exists(drop().resolve(taskId + ".json"))).isFalse();
            assertThat(Spool.hasVideo(drop().resolve(".spool"), taskId)).isFalse();
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(drop().resolve("failed/" + taskId + ".json")));
        });
    }

    private DynamicTest wholeWithMediaFacts(String taskId, Path file) throws Exception {
        byte[] body = Files.readAllBytes(file);
        fileHost(taskId, body, 1);
        JsonNode probe = RealMp4s.probe(file);
        return dynamicTest(taskId + " (whole, media facts in its sidecar)", () -> {
            awaitState(taskId, TaskState.DELIVERED);
            assertThat(Files.readAllBytes(drop().resolve(taskId + ".mp4"))).isEqualTo(body);
            JsonNode media = new ObjectMapper().readTree(drop().resolve(taskId + ".json").toFile()).path("media");
            JsonNode video = RealMp4s.stream(probe, "video");
            assertThat(media.path("durationSeconds").asDouble()).isCloseTo(probe.path("format").path("duration").asDouble(), within(0.0015));
            assertThat(media.path("width").asInt()).isEqualTo(video.path("width").asInt());
            assertThat(media.path("height").asInt()).isEqualTo(video.path("height").asInt());
            assertThat(media.path("videoCodec").asText()).isEqualTo(video.path("codec_tag_string").asText());
            assertThat(media.path("audioCodec").asText()).isEqualTo(RealMp4s.stream(probe, "audio").path("codec_tag_string").asText());
            assertThat(media.path("bitrate").asLong()).isCloseTo(probe.path("format").path("bit_rate").asLong(), withinPercentage(0.5));
            assertThat(media.path("faststart").asBoolean()).isFalse();
            assertThat(media.path("tracks").asInt()).isEqualTo(probe.path("format").path("nb_streams").asInt());
        });
    }

    /** A file host of the task's own, serving the body whole with its right Content-Length on each connection. */
    private RawHttpServer fileHost(String taskId, byte[] body, int connections) throws Exception {
        Response[] responses = new Response[connections];
        Arrays.fill(responses, Response.ok(body, "Content-Length: " + body.length + "\r\n", body.length));
        RawHttpServer host = new RawHttpServer("127.0.0.1", List.of(responses));
        hosts.add(host);
        videos.answer(taskId, host.url("/" + taskId + ".mp4"));
        return host;
    }
}
