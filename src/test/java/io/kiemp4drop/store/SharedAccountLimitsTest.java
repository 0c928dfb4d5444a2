package io.kiemp4drop.store;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.pending;
import static io.kiemp4drop.support.KieApi.recordInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.kiemp4drop.support.KieApi;
import io.kiemp4drop.support.LogCapture;
import io.kiemp4drop.support.Postgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What concerns the whole kie.ai account is shared by the replicas: one rate cap, one pause. */
class SharedAccountLimitsTest extends ReplicaTestBase {

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
        // keeps the total near 5 per second. The cap spaces grants 220 ms apart (at most 14 in 3 s); the server
        // stamps arrivals, which a loaded machine can shift by up to a second: at most 19 in any 3 s
        assertThat(busiest).isLessThanOrEqualTo(19).isGreaterThanOrEqualTo(9);
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
            // the other replica reads the shared pause every 500 ms and requests granted before may still
            // arrive: then both stay quiet, a whole 2.5 s with no request at all
            AtomicInteger seen = new AtomicInteger(-1);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2500))
                    .until(() -> {
                        int now = requestTimes().size();
                        return seen.getAndSet(now) == now;
                    });
        }
    }

    private List<Long> requestTimes() {
        return API.findAll(getRequestedFor(urlPathEqualTo(KieApi.RECORD_INFO))).stream()
                .map(LoggedRequest::getLoggedDate).map(java.util.Date::getTime).sorted().toList();
    }
}
