package io.kiemp4drop.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.recordInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.kiemp4drop.support.JarProcess;
import io.kiemp4drop.support.KieApi;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.Postgres;
import io.kiemp4drop.support.RunningDrop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Replicas as separate processes on one PostgreSQL store, sharing a drop folder: a replica killed or frozen
 * in the middle of a download loses its lease, another replica finishes the task, and the frozen one,
 * once it wakes up, delivers nothing.
 */
@Execution(ExecutionMode.CONCURRENT)
class ReplicaFailoverIT {

    /** One server per test: the tests run side by side. */
    @RegisterExtension
    final WireMockExtension api = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    @TempDir
    Path home;

    private final KieApi kie = new KieApi(api);

    private Map<String, String> replica(String db, String name, String taskIds) {
        Path dir = home.resolve(name);
        Map<String, String> s = new HashMap<>(RunningDrop.settings(dir, kie.baseUrl()));
        s.put("kie.store.jdbc-url", db);
        s.put("kie.store.username", Postgres.username());
        s.put("kie.store.password", Postgres.password());
        s.put("kie.store.lease", "3s");
        s.put("kie.store.lease-renewal", "1s");
        s.put("kie.drop.dir", home.resolve("drop").toString());
        s.put("kie.failed.dir", home.resolve("drop/failed").toString());
        s.put("kie.download.idle-timeout", "60s");
        s.put("kie.task-ids", taskIds);
        return s;
    }

    /**
     * The first download of the video crawls, long enough to kill or freeze its replica before it ends (a frozen
     * replica reads the rest once it wakes up); later ones are fast.
     */
    private byte[] slowThenFast(String taskId) {
        byte[] mp4 = Mp4s.of(2 * 1024 * 1024, taskId.hashCode());
        api.stubFor(get(urlPathEqualTo("/files/" + taskId + ".mp4")).inScenario(taskId).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withBody(mp4).withChunkedDribbleDelay(100, 4_000))
                .willSetStateTo("fast"));
        api.stubFor(get(urlPathEqualTo("/files/" + taskId + ".mp4")).inScenario(taskId).whenScenarioStateIs("fast")
                .willReturn(aResponse().withStatus(200).withBody(mp4)));
        api.stubFor(recordInfo(taskId).willReturn(json(200, kie.success(taskId, "/files/" + taskId + ".mp4"))));
        return mp4;
    }

    private boolean downloadStarted(String taskId) {
        return !api.findAll(getRequestedFor(urlPathEqualTo("/files/" + taskId + ".mp4"))).isEmpty();
    }

    @Test
    void aReplicaKilledMidDownloadIsReplacedOnceItsLeaseRunsOut() throws Exception {
        String db = Postgres.freshDatabase();
        byte[] mp4 = slowThenFast("t-kill");
        try (JarProcess first = JarProcess.start(home.resolve("a"), replica(db, "a", "t-kill"))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> downloadStarted("t-kill"));
            first.kill();
        }
        Map<String, String> b = replica(db, "b", "t-kill");
        b.put("kie.exit-when-done", "true");
        try (JarProcess second = JarProcess.start(home.resolve("b"), b)) {
            assertThat(second.awaitExit(120)).as(second.output()).isZero();
            assertThat(second.output()).contains("Task t-kill delivered");
        }
        assertThat(Files.readAllBytes(home.resolve("drop/t-kill.mp4"))).isEqualTo(mp4);
        assertThat(api.findAll(getRequestedFor(urlPathEqualTo("/files/t-kill.mp4")))).hasSize(2);
    }

    @Test
    void aFrozenReplicaThatWakesUpAfterItsLeaseDeliversNothing() throws Exception {
        String db = Postgres.freshDatabase();
        byte[] mp4 = slowThenFast("t-freeze");
        try (JarProcess frozen = JarProcess.start(home.resolve("a"), replica(db, "a", "t-freeze"))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> downloadStarted("t-freeze"));
            signal("STOP", frozen);
            try (JarProcess rescuer = JarProcess.start(home.resolve("b"), replica(db, "b", "t-freeze"))) {
                await().atMost(Duration.ofSeconds(60)).until(() -> rescuer.output().contains("Task t-freeze delivered"));
                signal("CONT", frozen);
                // the frozen replica finishes its slow download, finds its lease gone, and stops
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> frozen.output().contains("t-freeze: another replica took it over"));
                assertThat(frozen.output()).doesNotContain("Task t-freeze delivered");
                assertThat(rescuer.output().split("Task t-freeze delivered", -1)).hasSize(2);
            }
        }
        assertThat(Files.readAllBytes(home.resolve("drop/t-freeze.mp4"))).isEqualTo(mp4);
        try (var spool = Files.list(home.resolve("drop/.spool"))) {
            assertThat(spool.filter(p -> p.toString().endsWith(".mp4"))).isEmpty();
        }
    }

    private static void signal(String name, JarProcess process) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
}
