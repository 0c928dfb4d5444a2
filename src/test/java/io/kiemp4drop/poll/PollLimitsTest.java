package io.kiemp4drop.poll;

import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.pending;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kiemp4drop.support.RequestTimes;
import io.kiemp4drop.support.Settings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The global request-rate cap and the bound on concurrent record-info requests, measured at the server. */
class PollLimitsTest extends PollRouteTest {

    @Test
    @Settings({"kie.api.max-requests-per-second=5", "kie.poll.concurrency=8", "kie.poll.batch-size=10",
        "kie.poll.tick=100ms"})
    void noRollingWindowHoldsMoreRequestsThanTheCapAllowsAndTheSchedulerPollsOneBatchAtATime() throws Exception {
        everyRecordInfoAnswers(json(200, pending("any")));
        startWithTasks(taskIds(200));

        AtomicInteger mostInFlight = new AtomicInteger();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
            mostInFlight.accumulateAndGet(context.getInflightRepository().size("poll-scheduler"), Math::max);
            return requestTimes().size() >= 30;
        });
        // 5 per second: at most 15 in any 3 s (polling uncapped would send dozens), and the cap is used
        assertThat(RequestTimes.busiest(requestTimes(), 3000)).isLessThanOrEqualTo(15).isGreaterThanOrEqualTo(9);
        // one batch at a time, all along: its tick exchange and its ten polls, never a queue of claimed tasks
        // that grows with the number of due tasks (and outlives its leases) while the rate cap holds them back
        assertThat(mostInFlight.get()).isBetween(1, 11);
    }

    @Test
    @Settings({"kie.api.max-requests-per-second=100", "kie.poll.concurrency=3"})
    void neverMoreRequestsInFlightThanTheConcurrency() throws Exception {
        int delayMillis = 800;
        everyRecordInfoAnswers(json(200, pending("any")).withFixedDelay(delayMillis));
        startWithTasks(taskIds(12));

        await().atMost(Duration.ofSeconds(60)).until(() -> requestTimes().size() >= 12);
        List<Long> starts = requestTimes();
        int mostAtOnce = 0;
        for (long t : starts) {
            long overlapping = starts.stream().filter(o -> o <= t && o + delayMillis > t).count();
            mostAtOnce = (int) Math.max(mostAtOnce, overlapping);
        }
        assertThat(mostAtOnce).isLessThanOrEqualTo(3).isGreaterThanOrEqualTo(2);
    }
}
