package io.kiemp4drop.poll;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.pending;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.kiemp4drop.support.DropTestBase;
import io.kiemp4drop.support.KieApi;
import io.kiemp4drop.support.RunningDrop;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The global request-rate cap and the bound on concurrent record-info requests, measured at the server. */
class PollLimitsTest extends DropTestBase {

    private static String ids(int n) {
        return String.join(",", IntStream.range(0, n).mapToObj(i -> "t-" + i).toList());
    }

    private List<LoggedRequest> recordInfoRequests() {
        return API.findAll(getRequestedFor(urlPathEqualTo(KieApi.RECORD_INFO))).stream()
                .sorted(java.util.Comparator.comparing(LoggedRequest::getLoggedDate)).toList();
    }

    @Test
    void noRollingWindowHoldsMoreRequestsThanTheCapAllows() {
        API.stubFor(WireMock.get(urlPathEqualTo(KieApi.RECORD_INFO)).willReturn(json(200, pending("any"))));
        Map<String, String> s = settings();
        s.put("kie.task-ids", ids(30));
        s.put("kie.api.max-requests-per-second", "5");
        s.put("kie.poll.concurrency", "8");
        start(s);

        await().atMost(Duration.ofSeconds(60)).until(() -> recordInfoRequests().size() >= 30);
        List<Long> times = recordInfoRequests().stream().map(r -> r.getLoggedDate().getTime()).toList();
        // 5 per second: at most 15 in any 3 s (polling uncapped would send dozens), and the cap is used
        int busiest = io.kiemp4drop.support.RequestTimes.busiest(times, 3000);
        assertThat(busiest).isLessThanOrEqualTo(15).isGreaterThanOrEqualTo(9);
    }

    @Test
    void neverMoreRequestsInFlightThanTheConcurrency() {
        int delayMillis = 800;
        API.stubFor(WireMock.get(urlPathEqualTo(KieApi.RECORD_INFO))
                .willReturn(json(200, pending("any")).withFixedDelay(delayMillis)));
        Map<String, String> s = settings();
        s.put("kie.task-ids", ids(12));
        s.put("kie.api.max-requests-per-second", "100");
        s.put("kie.poll.concurrency", "3");
        start(s);

        await().atMost(Duration.ofSeconds(60)).until(() -> recordInfoRequests().size() >= 12);
        List<Long> starts = recordInfoRequests().stream().map(r -> r.getLoggedDate().getTime()).toList();
        int mostAtOnce = 0;
        for (long t : starts) {
            long overlapping = starts.stream().filter(o -> o <= t && o + delayMillis > t).count();
            mostAtOnce = (int) Math.max(mostAtOnce, overlapping);
        }
        assertThat(mostAtOnce).isLessThanOrEqualTo(3).isGreaterThanOrEqualTo(2);
    }

    @Test
    void theSchedulerClaimsNoNewBatchWhileItsLastOneIsStillBeingPolled() {
        API.stubFor(WireMock.get(urlPathEqualTo(KieApi.RECORD_INFO)).willReturn(json(200, pending("any"))));
        Map<String, String> s = settings();
        s.put("kie.task-ids", ids(200));
        s.put("kie.api.max-requests-per-second", "5");
        s.put("kie.poll.batch-size", "10");
        s.put("kie.poll.tick", "100ms");
        RunningDrop drop = start(s);

        await().atMost(Duration.ofSeconds(60)).until(() -> recordInfoRequests().size() >= 15);
        // one batch at a time: its tick exchange and its ten polls, never a queue of claimed tasks that
        // grows with the number of due tasks (and outlives its leases) while the rate cap holds them back
        assertThat(drop.context().getInflightRepository().size("poll-scheduler")).isLessThanOrEqualTo(11);
    }
}
