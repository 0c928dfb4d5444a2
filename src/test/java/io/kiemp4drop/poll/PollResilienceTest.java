package io.kiemp4drop.poll;

import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.pending;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.LogCapture;
import io.kiemp4drop.support.Settings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Account-wide faults: the request rate drops under 429s, and a run of failures trips the circuit breaker. */
class PollResilienceTest extends PollRouteTest {

    private static long countBetween(List<Long> times, long from, long to) {
        return times.stream().filter(t -> t >= from && t < to).count();
    }

    @Test
    @Settings({"kie.api.max-requests-per-second=10", "kie.poll.period=100ms", "kie.poll.backoff-initial=1s",
        "kie.poll.backoff-max=4s"})
    void aBurstOf429sWithoutRetryAfterBringsTheRequestRateDown() throws Exception {
        everyRecordInfoAnswers(json(200, pending("any")));
        startWithTasks(taskIds(40));

        await().atMost(Duration.ofSeconds(30)).until(() -> requestTimes().size() >= 60);
        long limitedFrom = System.currentTimeMillis();
        everyRecordInfoAnswers(json(429, "{\"code\":429,\"msg\":\"rate limited\"}"));
        Thread.sleep(8000); // the window measured
        long limitedTo = System.currentTimeMillis();

        List<Long> times = requestTimes();
        List<Long> normal = times.stream().filter(t -> t < limitedFrom).toList();
        double before = (normal.size() - 1) / ((normal.get(normal.size() - 1) - normal.get(0)) / 1000.0);
        double during = countBetween(times, limitedFrom + 1000, limitedTo) / ((limitedTo - limitedFrom - 1000) / 1000.0);
        System.out.printf("record-info requests per second: %.1f before the 429s, %.1f during%n", before, during);
        assertThat(before).isGreaterThan(6);
        assertThat(during).isLessThan(before / 3);
        assertThat(state("t-0")).isEqualTo(TaskState.PENDING);
    }

    @Test
    @Settings({"kie.poll.circuit-breaker-failures=5", "kie.poll.circuit-breaker-pause=3s"})
    void consecutiveFailuresTripTheCircuitBreakerWithOneLineAndPollingResumesByItself() throws Exception {
        everyRecordInfoAnswers(json(503, "{\"code\":500,\"msg\":\"down\"}"));
        try (LogCapture logs = LogCapture.install()) {
            startWithTasks(taskIds(20));

            await().atMost(Duration.ofSeconds(20)).until(() -> logs.all().contains("(circuit breaker)"));
            long opened = logs.timeOfFirst("(circuit breaker)");
            int atOpening = requestTimes().size();
            // during the pause: no request beyond the few already in flight, and no log line per task
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                    .until(() -> requestTimes().size() <= atOpening + 4);
            assertThat(logs.lines().stream().filter(l -> l.contains("(circuit breaker)"))).hasSize(1);

            everyRecordInfoAnswers(json(200, pending("any")));
            await().atMost(Duration.ofSeconds(20)).until(() -> task("t-7").orElseThrow().polls() > 0);
            assertThat(System.currentTimeMillis() - opened).isGreaterThanOrEqualTo(2500);
            assertThat(context.getRouteController().getRouteStatus("poll-scheduler").isStarted()).isTrue();
        }
    }
}
