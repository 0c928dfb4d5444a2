package io.kiemp4drop.store;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.recordInfo;
import static io.kiemp4drop.support.KieApi.recordInfoRequests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kiemp4drop.demo.GeneratedVideo;
import io.kiemp4drop.demo.KieSimulator;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.Http;
import io.kiemp4drop.support.LogCapture;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.Postgres;
import io.kiemp4drop.support.RunningDrop;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Replicas sharing one PostgreSQL store share the work: each task delivered once, leases respected, a callback accepted once. */
class SharedStoreTest extends ReplicaTestBase {

    @Test
    void threeReplicasDeliverThreeHundredTasksEachExactlyOnce() throws Exception {
        String db = Postgres.freshDatabase();
        List<String> ids = IntStream.range(0, 300).mapToObj(i -> "t-" + i).toList();
        API.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
        // the shared fake kie.ai: each task PENDING once, then SUCCESS with a video of its own
        try (KieSimulator kieAi = new KieSimulator(RunningDrop.API_KEY); LogCapture logs = LogCapture.install()) {
            ids.forEach(id -> kieAi.task(id, 1, new GeneratedVideo(4096, id.hashCode())));
            kieAi.start();
            List<Map<String, String>> settings = List.of(replica(db, 1), replica(db, 2), replica(db, 3));
            settings.forEach(r -> {
                r.put("kie.api.base-url", kieAi.baseUrl());
                // the shared cap would pace 600 polls over 12 s; what is under test here is the sharing of work
                r.put("kie.api.max-requests-per-second", "500");
                r.put("kie.notify.uri", kie.baseUrl() + "/hook");
            });
            settings.get(0).put("kie.task-ids", String.join(",", ids));
            List<RunningDrop> replicas = settings.stream().map(this::start).toList();

            await().atMost(Duration.ofMinutes(3)).until(() -> replicas.get(0).tasks().countByState()
                    .getOrDefault(TaskState.DELIVERED, 0L) == 300);
            // the "delivered" line follows the DELIVERED commit
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.lines().stream()
                    .filter(l -> l.contains(" delivered: ")).count() >= 300);

            List<String> deliveries = logs.lines().stream().filter(l -> l.contains(" delivered: "))
                    .map(l -> l.replaceAll(".*Task (t-\\d+) delivered.*", "$1")).toList();
            assertThat(deliveries).hasSize(300).doesNotHaveDuplicates();
            for (String id : ids) {
                assertThat(Mp4s.sha256(Files.readAllBytes(home.resolve("drop/" + id + ".mp4")))).as(id)
                        .isEqualTo(Mp4s.sha256(new GeneratedVideo(4096, id.hashCode()).open()));
            }
            // every video delivered, and the file host served 300 downloads in all: each video once
            assertThat(kieAi.fileRequests()).isEqualTo(300);
            // sink writes counted by each replica: 300 videos in all, and every replica wrote some
            double total = 0;
            for (RunningDrop replica : replicas) {
                double written = replica.context().getRegistry()
                        .findSingleByType(io.micrometer.core.instrument.MeterRegistry.class)
                        .counter("kie.delivered.bytes").count();
                assertThat(written).isPositive();
                total += written;
            }
            assertThat(total).isEqualTo(300 * 4096.0);

            // one notification per task, whichever replica delivered it and whichever sent the event
            await().atMost(Duration.ofMinutes(1)).until(() -> replicas.get(0).notificationsOwed() == 0);
            List<String> notified = API.findAll(postRequestedFor(urlPathEqualTo("/hook"))).stream()
                    .map(r -> r.getBodyAsString().replaceAll(".*\"taskId\":\"(t-\\d+)\".*", "$1")).toList();
            assertThat(notified).hasSize(300).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    @Test
    void aReplicaWithAStableOwnerTakesBackItsWorkAtStartWhileOthersRespectTheLeases() throws Exception {
        String db = Postgres.freshDatabase();
        for (String id : List.of("t-poll", "t-dl", "t-other")) {
            kie.video("/files/" + id + ".mp4", Mp4s.of(4096, id.hashCode()));
            API.stubFor(recordInfo(id).willReturn(json(200, kie.success(id, "/files/" + id + ".mp4"))));
        }
        // replica "r-stable" stopped with a poll and a download in flight, both leased for another 10 minutes
        try (var dataSource = DataSources.shared(db, Postgres.username(), Postgres.password(), 2)) {
            Database stopped = new Database(dataSource);
            Lease lease = new Lease("r-stable", Duration.ofMinutes(10));
            new SchemaMigration(stopped).migrate();
            new TaskRegistry(stopped).addAll(List.of("t-poll", "t-dl"), "test");
            assertThat(new TaskQueue(stopped, lease).claimDuePolls(10)).containsExactlyInAnyOrder("t-poll", "t-dl");
            assertThat(new PollTransitions(stopped, lease).startDelivery("t-dl", "{}")).isTrue();
        }

        Map<String, String> other = replica(db, 1);
        other.put("kie.task-ids", "t-other");
        RunningDrop otherReplica = start(other);
        otherReplica.awaitState("t-other", TaskState.DELIVERED);
        assertThat(otherReplica.task("t-poll").orElseThrow().polls()).as("leased elsewhere: not polled").isZero();
        assertThat(otherReplica.state("t-dl")).isEqualTo(TaskState.DELIVERING);
        otherReplica.close();

        Map<String, String> restarted = replica(db, 2);
        restarted.put("kie.store.owner", "r-stable");
        RunningDrop stable = start(restarted);
        stable.awaitState("t-poll", TaskState.DELIVERED);
        stable.awaitState("t-dl", TaskState.DELIVERED);
        assertThat(API.findAll(recordInfoRequests("t-poll"))).hasSize(1);
    }

    @Test
    void aSignedCallbackIsAcceptedByOneReplicaOnly() throws Exception {
        String db = Postgres.freshDatabase();
        String key = "webhook-key-5e21";
        List<Http> replicas = new ArrayList<>();
        for (int n = 1; n <= 2; n++) {
            Map<String, String> s = replica(db, n);
            int port = io.kiemp4drop.support.Ports.free();
            s.put("kie.http.enabled", "true");
            s.put("kie.http.host", "127.0.0.1");
            s.put("kie.http.port", String.valueOf(port));
            s.put("kie.callback.hmac-key", key);
            start(s);
            replicas.add(new Http(port));
        }
        long now = System.currentTimeMillis() / 1000;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = Base64.getEncoder().encodeToString(
                mac.doFinal(("t-shared-cb." + now).getBytes(StandardCharsets.UTF_8)));
        Map<String, String> headers = Map.of("X-Webhook-Timestamp", String.valueOf(now), "X-Webhook-Signature", signature);
        String body = "{\"data\":{\"task_id\":\"t-shared-cb\"}}";

        assertThat(replicas.get(0).post("/callback/mp4", "application/json", body, headers).statusCode()).isEqualTo(200);
        assertThat(replicas.get(1).post("/callback/mp4", "application/json", body, headers).statusCode())
                .as("the same callback replayed to the other replica").isEqualTo(401);
    }
}
