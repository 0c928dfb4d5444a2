package io.kiemp4drop.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.kiemp4drop.support.KieApi.data;
import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.recordInfo;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.DropTestBase;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.RawHttpServer;
import io.kiemp4drop.support.RunningDrop;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Video URLs come from an API response and are not trusted. A refused URL ends the task FAILED and
 * no connection is made: proven with a connection counter listening on another loopback address.
 */
class DownloadSafetyTest extends DropTestBase {

    private RawHttpServer forbidden;

    @BeforeEach
    void openForbiddenHost() throws Exception {
        forbidden = new RawHttpServer("127.0.0.2", List.of());
    }

    @AfterEach
    void closeForbiddenHost() throws Exception {
        forbidden.close();
    }

    private RunningDrop startFor(String taskId, String videoUrl, Map<String, String> extra) {
        String escaped = videoUrl.replace("\\", "\\\\").replace("\"", "\\\"");
        API.stubFor(recordInfo(taskId).willReturn(json(200,
                data(taskId, "SUCCESS", "\"response\":{\"videoUrl\":\"" + escaped + "\"}"))));
        Map<String, String> s = settings();
        s.put("kie.task-ids", taskId);
        s.putAll(extra);
        return start(s);
    }

    @Test
    void aHostOutsideTheAllowlistIsRefusedWithoutAConnection() throws Exception {
        RunningDrop drop = startFor("t-far", forbidden.url("/v.mp4"), Map.of());

        TaskRecord task = drop.awaitState("t-far", TaskState.FAILED);

        assertThat(task.lastError()).contains("download refused").contains("not in kie.download.allowed-hosts");
        assertThat(forbidden.connections()).isZero();
        assertThat(Files.exists(home.resolve("drop/failed/t-far.json"))).isTrue();
    }

    @Test
    void aLoopbackHostIsRefusedWhenNotListedEvenWithoutAnAllowlist() throws Exception {
        kie.video("/files/t-local.mp4", Mp4s.of(10_000, 21));
        RunningDrop drop = startFor("t-local", kie.baseUrl() + "/files/t-local.mp4", Map.of("kie.download.allowed-hosts", ""));

        TaskRecord task = drop.awaitState("t-local", TaskState.FAILED);

        assertThat(task.lastError()).contains("non-public address 127.0.0.1");
        assertThat(API.findAll(getRequestedFor(urlPathEqualTo("/files/t-local.mp4")))).isEmpty();
    }

    @Test
    void aRedirectToARefusedHostIsNotFollowed() throws Exception {
        API.stubFor(get(urlPathEqualTo("/files/t-hop.mp4")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", forbidden.url("/stolen.mp4"))));
        RunningDrop drop = startFor("t-hop", kie.baseUrl() + "/files/t-hop.mp4", Map.of());

        TaskRecord task = drop.awaitState("t-hop", TaskState.FAILED);

        assertThat(task.lastError()).contains("download refused").contains("127.0.0.2");
        assertThat(forbidden.connections()).isZero();
    }

    @Test
    void aRedirectChainBetweenAllowedHostsIsFollowed() throws Exception {
        byte[] mp4 = Mp4s.of(60_000, 22);
        API.stubFor(get(urlPathEqualTo("/files/t-chain.mp4")).willReturn(aResponse().withStatus(301)
                .withHeader("Location", "/cdn/t-chain.mp4")));
        API.stubFor(get(urlPathEqualTo("/cdn/t-chain.mp4")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", kie.baseUrl() + "/edge/t-chain.mp4?token=abc")));
        kie.video("/edge/t-chain.mp4", mp4);
        RunningDrop drop = startFor("t-chain", kie.baseUrl() + "/files/t-chain.mp4", Map.of());

        drop.awaitState("t-chain", TaskState.DELIVERED);
        assertThat(Files.readAllBytes(drop.drop().resolve("t-chain.mp4"))).isEqualTo(mp4);
    }

    @Test
    void theApiKeyNeverReachesTheFileHost() throws Exception {
        kie.video("/files/t-key.mp4", Mp4s.of(10_000, 23));
        RunningDrop drop = startFor("t-key", kie.baseUrl() + "/files/t-key.mp4", Map.of());

        drop.awaitState("t-key", TaskState.DELIVERED);
        API.verify(1, getRequestedFor(urlPathEqualTo("/files/t-key.mp4")).withHeader("Authorization", absent()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://127.0.0.1@127.0.0.2:%d/v.mp4",
        "file:///etc/passwd",
        "ftp://127.0.0.2:%d/v.mp4",
        "jar:http://127.0.0.2:%d/v.jar!/v.mp4",
        "http://2130706434:%d/v.mp4",
        "http://0177.0.0.2:%d/v.mp4",
        "http://[::ffff:127.0.0.2]:%d/v.mp4"})
    void hostileVideoUrlsAreRefusedWithoutAConnection(String template) throws Exception {
        int port = Integer.parseInt(forbidden.url("").replaceAll(".*:", ""));
        RunningDrop drop = startFor("t-evil", String.format(template, port),
                Map.of("kie.download.allowed-hosts", "127.0.0.1,[::ffff:127.0.0.1]"));

        TaskRecord task = drop.awaitState("t-evil", TaskState.FAILED);

        assertThat(task.lastError()).startsWith("download refused");
        assertThat(forbidden.connections()).isZero();
    }

    @Test
    void plainHttpIsRefusedUnlessAllowed() throws Exception {
        kie.video("/files/t-plain.mp4", Mp4s.of(10_000, 24));
        RunningDrop drop = startFor("t-plain", kie.baseUrl() + "/files/t-plain.mp4", Map.of("kie.download.allow-http", "false"));

        TaskRecord task = drop.awaitState("t-plain", TaskState.FAILED);

        assertThat(task.lastError()).contains("scheme \"http\" is not allowed");
        assertThat(API.findAll(getRequestedFor(urlPathEqualTo("/files/t-plain.mp4")))).isEmpty();
    }
}
