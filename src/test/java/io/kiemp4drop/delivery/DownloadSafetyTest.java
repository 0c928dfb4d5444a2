package io.kiemp4drop.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.BundleRouteTest;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.RawHttpServer;
import io.kiemp4drop.support.Settings;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Video URLs come from an API response and are not trusted. A refused URL ends the task FAILED and no
 * connection is made: proven with connection counters listening on loopback addresses that must not be contacted.
 */
@Settings("kie.download.allowed-hosts=127.0.0.1,[::ffff:127.0.0.1]")
class DownloadSafetyTest extends BundleRouteTest {

    /** What hostile video URLs point at: 127.0.0.2, outside the allowlist. */
    private RawHttpServer forbidden;
    private final List<RawHttpServer> closeAfter = new ArrayList<>();
    private final VideoUrls videos = new VideoUrls(API);

    @BeforeEach
    void openForbiddenHost() throws Exception {
        forbidden = new RawHttpServer("127.0.0.2", List.of());
        closeAfter.add(forbidden);
    }

    @AfterEach
    void closeHosts() throws Exception {
        for (RawHttpServer host : closeAfter) {
            host.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> onlyAllowedHostsAreEverContacted() throws Exception {
        List<DynamicTest> checks = new ArrayList<>(List.of(hostOutsideTheAllowlist(), redirectToARefusedHost(),
                redirectChainBetweenAllowedHosts(), videoOnAnAllowedHost()));
        checks.addAll(hostileUrls());
        startWithTasks(videos.taskIdArray());
        return checks.stream();
    }

    @TestFactory
    @Settings({"kie.download.allow-http=false", "kie.download.allowed-hosts="})
    Stream<DynamicTest> withoutAnAllowlistOnlyPublicHttpsHostsAreContacted() throws Exception {
        List<DynamicTest> checks = List.of(loopbackHost(), plainHttp());
        startWithTasks(videos.taskIdArray());
        return checks.stream();
    }

    private DynamicTest hostOutsideTheAllowlist() {
        videos.answer("t-far", forbidden.url("/v.mp4"));
        return dynamicTest("aHostOutsideTheAllowlistIsRefusedWithoutAConnection", () -> {
            TaskRecord task = awaitState("t-far", TaskState.FAILED);
            assertThat(task.lastError()).contains("download refused").contains("not in kie.download.allowed-hosts");
            assertThat(forbidden.connections()).isZero();
            assertThat(Files.exists(drop().resolve("failed/t-far.json"))).isTrue();
        });
    }

    private DynamicTest redirectToARefusedHost() {
        API.stubFor(get(urlPathEqualTo("/files/t-hop.mp4")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", forbidden.url("/stolen.mp4"))));
        videos.answer("t-hop", kie.baseUrl() + "/files/t-hop.mp4");
        return dynamicTest("aRedirectToARefusedHostIsNotFollowed", () -> {
            TaskRecord task = awaitState("t-hop", TaskState.FAILED);
            assertThat(task.lastError()).contains("download refused").contains("127.0.0.2");
            assertThat(forbidden.connections()).isZero();
        });
    }

    private DynamicTest redirectChainBetweenAllowedHosts() {
        byte[] mp4 = Mp4s.of(60_000, 22);
        API.stubFor(get(urlPathEqualTo("/files/t-chain.mp4")).willReturn(aResponse().withStatus(301)
                .withHeader("Location", "/cdn/t-chain.mp4")));
        API.stubFor(get(urlPathEqualTo("/cdn/t-chain.mp4")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", kie.baseUrl() + "/edge/t-chain.mp4?token=abc")));
        kie.video("/edge/t-chain.mp4", mp4);
        videos.answer("t-chain", kie.baseUrl() + "/files/t-chain.mp4");
        return dynamicTest("aRedirectChainBetweenAllowedHostsIsFollowed", () -> {
            awaitState("t-chain", TaskState.DELIVERED);
            assertThat(Files.readAllBytes(drop().resolve("t-chain.mp4"))).isEqualTo(mp4);
        });
    }

    private DynamicTest videoOnAnAllowedHost() {
        kie.video("/files/t-key.mp4", Mp4s.of(10_000, 23));
        videos.answer("t-key", kie.baseUrl() + "/files/t-key.mp4");
        return dynamicTest("theApiKeyNeverReachesTheFileHost", () -> {
            awaitState("t-key", TaskState.DELIVERED);
            API.verify(1, getRequestedFor(urlPathEqualTo("/files/t-key.mp4")).withHeader("Authorization", absent()));
        });
    }

    private DynamicTest loopbackHost() throws Exception {
        RawHttpServer loopback = new RawHttpServer("127.0.0.1", List.of());
        closeAfter.add(loopback);
        videos.answer("t-local", loopback.url("/t-local.mp4").replace("http:", "https:"));
        return dynamicTest("aLoopbackHostIsRefusedWhenNotListedEvenWithoutAnAllowlist", () -> {
            TaskRecord task = awaitState("t-local", TaskState.FAILED);
            assertThat(task.lastError()).contains("non-public address 127.0.0.1");
            assertThat(loopback.connections()).isZero();
        });
    }

    private DynamicTest plainHttp() {
        kie.video("/files/t-plain.mp4", Mp4s.of(10_000, 24));
        videos.answer("t-plain", kie.baseUrl() + "/files/t-plain.mp4");
        return dynamicTest("plainHttpIsRefusedUnlessAllowed", () -> {
            TaskRecord task = awaitState("t-plain", TaskState.FAILED);
            assertThat(task.lastError()).contains("scheme \"http\" is not allowed");
            assertThat(API.findAll(getRequestedFor(urlPathEqualTo("/files/t-plain.mp4")))).isEmpty();
        });
    }

    private List<DynamicTest> hostileUrls() {
        int port = Integer.parseInt(forbidden.url("").replaceAll(".*:", ""));
        List<String> templates = List.of(
                "http://127.0.0.1@127.0.0.2:%d/v.mp4",
                "file:///etc/passwd",
                "ftp://127.0.0.2:%d/v.mp4",
                "jar:http://127.0.0.2:%d/v.jar!/v.mp4",
                "http://2130706434:%d/v.mp4",
                "http://0177.0.0.2:%d/v.mp4",
                "http://[::ffff:127.0.0.2]:%d/v.mp4");
        List<DynamicTest> checks = new ArrayList<>();
        for (int i = 0; i < templates.size(); i++) {
            String taskId = "t-evil-" + i;
            String url = String.format(templates.get(i), port);
            videos.answer(taskId, url);
            checks.add(dynamicTest("hostileVideoUrlsAreRefusedWithoutAConnection " + url, () -> {
                TaskRecord task = awaitState(taskId, TaskState.FAILED);
                assertThat(task.lastError()).startsWith("download refused");
                assertThat(forbidden.connections()).isZero();
            }));
        }
        return checks;
    }

}
