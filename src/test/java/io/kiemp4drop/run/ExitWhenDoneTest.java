package io.kiemp4drop.run;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.kiemp4drop.support.KieApi.data;
import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.recordInfo;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiemp4drop.support.DropTestBase;
import io.kiemp4drop.support.LogCapture;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.RunningDrop;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** kie.exit-when-done and the exit codes a scheduler or script relies on. */
class ExitWhenDoneTest extends DropTestBase {

    @Test
    void exitsZeroWhenEveryTaskWasDelivered() throws Exception {
        kie.video("/files/t-1.mp4", Mp4s.of(10_000, 51));
        kie.video("/files/t-2.mp4", Mp4s.of(10_000, 52));
        kie.pendingThen("t-1", 1, kie.success("t-1", "/files/t-1.mp4"));
        kie.pendingThen("t-2", 2, kie.success("t-2", "/files/t-2.mp4"));
        Map<String, String> s = settings();
        s.put("kie.task-ids", "t-1,t-2");
        s.put("kie.exit-when-done", "true");
        try (LogCapture logs = LogCapture.install()) {
            RunningDrop drop = start(s);

            assertThat(drop.awaitExit(Duration.ofSeconds(60))).isZero();
            assertThat(logs.lines()).anyMatch(l -> l.contains("kie.summary") && l.contains("t-1 DELIVERED"));
            assertThat(logs.lines()).anyMatch(l -> l.contains("kie.summary") && l.contains("t-2 DELIVERED"));
        }
    }

    @Test
    void exitsOneWhenAnyTaskEndedWithoutAVideo() throws Exception {
        kie.video("/files/t-ok.mp4", Mp4s.of(10_000, 53));
        API.stubFor(recordInfo("t-ok").willReturn(json(200, kie.success("t-ok", "/files/t-ok.mp4"))));
        API.stubFor(recordInfo("t-ko").willReturn(json(200, data("t-ko", "CREATE_TASK_FAILED", ""))));
        Map<String, String> s = settings();
        s.put("kie.task-ids", "t-ok,t-ko");
        s.put("kie.exit-when-done", "true");
        try (LogCapture logs = LogCapture.install()) {
            RunningDrop drop = start(s);

            assertThat(drop.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(logs.lines()).anyMatch(l -> l.contains("kie.summary") && l.contains("t-ko FAILED"));
        }
    }

    @Test
    void waitsForTheSongsOfACsvAndExitsOneWhenKieAiRejectedOne() throws Exception {
        API.stubFor(post(urlPathEqualTo("/api/v1/mp4/generate")).withRequestBody(matchingJsonPath("$.taskId", equalTo("music-ok")))
                .willReturn(json(200, "{\"code\":200,\"msg\":\"success\",\"data\":{\"taskId\":\"t-song\"}}")));
        API.stubFor(post(urlPathEqualTo("/api/v1/mp4/generate")).withRequestBody(matchingJsonPath("$.taskId", equalTo("music-ko")))
                .willReturn(json(422, "{\"code\":422,\"msg\":\"audioId not found\"}")));
        kie.video("/files/t-song.mp4", Mp4s.of(10_000, 54));
        kie.pendingThen("t-song", 2, kie.success("t-song", "/files/t-song.mp4"));
        Map<String, String> s = settings();
        s.put("kie.exit-when-done", "true");
        s.put("kie.generate.callback-url", "https://hooks.example/kie/callback");
        Path inbox = Files.createDirectories(Path.of(s.get("kie.inbox.dir")));
        Files.writeString(inbox.resolve("songs.csv"), "musicTaskId,audioId\nmusic-ok,audio-1\nmusic-ko,audio-9\n");
        try (LogCapture logs = LogCapture.install()) {
            RunningDrop drop = start(s);

            assertThat(drop.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(drop.drop().resolve("t-song.mp4")).as("the generated video came first").exists();
            assertThat(logs.lines()).anyMatch(l -> l.contains("kie.summary") && l.contains("t-song DELIVERED"));
            assertThat(logs.lines()).anyMatch(l -> l.contains("kie.summary") && l.contains("(music-ko / audio-9) REJECTED")
                    && l.contains("audioId not found"));
        }
    }

    @Test
    void exitsTwoWithOneClearLineWhenNoApiKeyIsSet() throws Exception {
        assertRefusedToStart("kie.api.key", "", "No kie.ai API key: set the KIE_API_KEY");
    }

    @Test
    void anOwnerIdThatCouldEscapeTheSpoolFolderIsRefusedWithOneClearLine() throws Exception {
        assertRefusedToStart("kie.store.owner", "../../etc",
                "kie.store.owner must be 1 to 64 letters, digits, '-' or '_', not \"../../etc\"");
    }

    @Test
    void aSinkSpelledInCapitalsIsRefusedRatherThanHalfApplied() throws Exception {
        assertRefusedToStart("kie.sink", "FILE", "kie.sink must be file, s3 or both (lower case), not 'FILE'");
    }

    @Test
    void aSinkWithNoRouteBehindItIsRefusedNamingIt() throws Exception {
        assertRefusedToStart("kie.sinks", "file, archive",
                "kie.sinks names archive but no route starts from direct:sink-archive (add its route file to kie.routes.include)");
    }

    @Test
    void aSinkNameThatCouldChangeTheEndpointIsRefused() throws Exception {
        assertRefusedToStart("kie.sinks", "file,x?bridgeEndpoint=true", "kie.sinks: 'x?bridgeEndpoint=true' is not a sink name");
    }

    @Test
    void theAzureBlobSinkWithoutItsContainerIsRefused() throws Exception {
        Map<String, String> s = settings();
        s.put("kie.sinks", "file,azure-blob");
        s.put("kie.azure.account", "devstoreaccount1");
        assertRefusedToStart(s, "the azure-blob sink needs kie.azure.container");
    }

    @Test
    void anFfmpegThatIsNotThereIsRefused() throws Exception {
        assertRefusedToStart("kie.media.ffmpeg", "/opt/no-such/ffmpeg",
                "kie.media.ffmpeg=/opt/no-such/ffmpeg is not an executable file (nor a name found on PATH)");
    }

    @Test
    void aPosterWithoutFfmpegIsRefused() throws Exception {
        assertRefusedToStart("kie.media.poster", "true", "kie.media.poster=true needs ffmpeg: set kie.media.ffmpeg");
    }

    @Test
    void kieSinksWinsOverTheOlderKieSink() throws Exception {
        Map<String, String> s = settings();
        s.put("kie.sink", "FILE");
        s.put("kie.sinks", "file");
        s.put("kie.task-ids", "t-1");
        kie.pendingThen("t-1", 0, kie.success("t-1", "/files/t-1.mp4"));
        kie.video("/files/t-1.mp4", Mp4s.of(2048, 1));
        s.put("kie.exit-when-done", "true");
        assertThat(start(s).awaitExit(Duration.ofSeconds(60))).isZero();
    }

    @Test
    void anHttpPortThatIsAlreadyTakenStopsTheStartInsteadOfRunningWithoutTheHttpSurface() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int[] port = new int[1];
            Map<String, String> s = httpSettings(port);
            s.put("kie.http.port", String.valueOf(taken.getLocalPort()));
            assertRefusedToStart(s, "Cannot listen on 127.0.0.1:" + taken.getLocalPort() + " (kie.http.host / kie.http.port)");
        }
    }

    @Test
    void anHttpPortThatIsNotANumberIsRefusedWithOneClearLine() throws Exception {
        int[] port = new int[1];
        Map<String, String> s = httpSettings(port);
        s.put("kie.http.port", "80a");
        assertRefusedToStart(s, "kie.http.port must be a port number from 1 to 65535, not '80a'");
    }

    private void assertRefusedToStart(String key, String value, String expectedError) throws Exception {
        Map<String, String> s = settings();
        s.put(key, value);
        assertRefusedToStart(s, expectedError);
    }

    /** With these settings, the bundle exits 2 with one ERROR line saying why, no stack trace, no request sent. */
    private void assertRefusedToStart(Map<String, String> s, String expectedError) throws Exception {
        s.put("kie.task-ids", "t-1");
        try (LogCapture logs = LogCapture.install()) {
            RunningDrop drop = start(s);

            assertThat(drop.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(logs.lines()).anyMatch(l -> l.startsWith("ERROR") && l.contains(expectedError));
            assertThat(logs.all()).doesNotContain("\tat ");
            assertThat(API.getAllServeEvents()).isEmpty();
        }
    }
}
