package io.kiemp4drop.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(30), Duration.ofMinutes(15));

    @RepeatedTest(20)
    void growsExponentiallyWithJitterUpToTheCeiling() {
        assertThat(backoff.delay(1)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
        assertThat(backoff.delay(3)).isBetween(Duration.ofSeconds(60), Duration.ofSeconds(120));
        assertThat(backoff.delay(50)).isBetween(Duration.ofMinutes(7).plusSeconds(30), Duration.ofMinutes(15));
    }
}
