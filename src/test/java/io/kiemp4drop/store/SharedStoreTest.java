package io.kiemp4drop.store;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.pending;
import static io.kiemp4drop.support.KieApi.recordInfo;
import static io.kiemp4drop.support.KieApi.recordInfoRequests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.DropTestBase;
import io.kiemp4drop.support.Http;
import io.kiemp4drop.support.KieApi;
import io.kiemp4drop.support.LogCapture;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.Postgres;
import io.kiemp4drop.support.RunningDrop;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Several replicas (separate Camel contexts with their own connection pools) sharing one real PostgreSQL store. */
class SharedStoreTest extends DropTestBase {

    private Map<String, String> replica(String jdbcUrl, int n) {
        Path own = home.resolve("replica-" + n);
        Map<String, String> s = RunningDrop.settings(own, kie.baseUrl());
        s.put("kie.store.jdbc-url", jdbcUrl);
        s.put("kie.store.username", Postgres.username());
        s.put("kie.store.password", Postgres.password());
        s.put("kie.drop.dir", home.resolve("drop").toString());
        s.put("kie.failed.dir", home.resolve("drop/failed").toString());
        return s;
    }

    @Test
    void threeReplicasDeliverThreeHundredTasksEachExactlyOnce() throws Exception {
        String db = Postgres.freshDatabase();
        List<String> ids = IntStream.range(0, 300).mapToObj(i -> "t-" + i).toList();
        Map<String, byte[]> videos = new HashMap<>();
        for (String id : ids) {
            byte[] mp4 = Mp4s.of(4096, id.hashCode());
            videos.put(id, mp4);
            kie.video("/files/" + id + ".mp4", mp4);
            kie.pendingThen(id, 1, kie.success(id, "/files/" + id + ".mp4"));
        }
        API.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
        try (LogCapture logs = LogCapture.install()) {
            List<Map<String, String>> settings = List.of(replica(db, 1), replica(db, 2), replica(db, 3));
            settings.forEach(r -> r.put("kie.notify.uri", kie.baseUrl() + "/hook"));
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
                assertThat(Files.readAllBytes(home.resolve("drop/" + id + ".mp4"))).as(id).isEqualTo(videos.get(id));
                assertThat(API.findAll(getRequestedFor(urlPathEqualTo("/files/" + id + ".mp4")))).as(id).hasSize(1);
            }
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

    @Test
    void theRateCapIsTheAccountsTotalAcrossReplicas() throws Exception {
        String db = Postgres.freshDatabase();
        API.stubFor(WireMock.get(urlPathEqualTo(KieApi.RECORD_INFO)).willReturn(json(200, pending("any"))));
        List<String> ids = IntStream.range(0, 60).mapToObj(i -> "r-" + i).toList();
        List<Map<String, String>> settings = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            Map<String, String> s = replica(db, n);
            s.put("kie.api.max-requests-per-second", "5");
            s.put("kie.poll.period", "100ms");
            // each claimed task holds a rate slot until its turn: small batches keep that wait (and so the
            // graceful stop at the end of the test) short
            s.put("kie.poll.batch-size", "5");
            settings.add(s);
        }
        settings.get(0).put("kie.task-ids", String.join(",", ids));
        settings.forEach(this::start);

        await().atMost(Duration.ofSeconds(60)).until(() -> requestTimes().size() >= 30);
        List<Long> times = requestTimes();
        int busiest = io.kiemp4drop.support.RequestTimes.busiest(times, 3000);
        // three replicas, each allowed 5 per second locally (about 40 in 3 s together): only the shared cap
        // keeps the total at 5 per second, at most 15 in any 3 s
        assertThat(busiest).isLessThanOrEqualTo(15).isGreaterThanOrEqualTo(9);
    }

    @Test
    void aKeyRejectedOnOneReplicaPausesThemAll() throws Exception {
        String db = Postgres.freshDatabase();
        API.stubFor(WireMock.get(urlPathEqualTo(KieApi.RECORD_INFO)).willReturn(json(200, pending("any"))));
        List<String> ids = IntStream.range(0, 30).mapToObj(i -> "p-" + i).toList();
        try (LogCapture logs = LogCapture.install()) {
            Map<String, String> first = replica(db, 1);
            first.put("kie.task-ids", String.join(",", ids));
            start(first);
            start(replica(db, 2));
            await().atMost(Duration.ofSeconds(30)).until(() -> requestTimes().size() >= 60);

            API.stubFor(recordInfo("p-7").willReturn(json(200, "{\"code\":401,\"msg\":\"You do not have access permissions\"}")));
            await().atMost(Duration.ofSeconds(30)).until(() -> logs.all().contains("rejected the API key"));
            // the other replica reads the shared pause every 500 ms: let requests granted before that arrive
            Thread.sleep(1500);
            int after = requestTimes().size();
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> requestTimes().size() == after);
        }
    }

    private List<Long> requestTimes() {
        return API.findAll(getRequestedFor(urlPathEqualTo(KieApi.RECORD_INFO))).stream()
                .map(LoggedRequest::getLoggedDate).map(java.util.Date::getTime).sorted().toList();
    }
}
