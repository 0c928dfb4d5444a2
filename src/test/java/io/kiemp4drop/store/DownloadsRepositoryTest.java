package io.kiemp4drop.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.kiemp4drop.model.DownloadProgress;

class DownloadsRepositoryTest {

    @BothDialects
    void anyReplicaSeesTheProgressOfADownloadAnotherOneRuns(StoreFixture store) {
        store.add("t-a", "t-b");
        store.exec("UPDATE kie_task SET state = 'DELIVERING' WHERE task_id = 't-a'");
        Downloads running = new Downloads(store.db);
        Downloads other = new Downloads(store.secondPool());

        running.begin("t-a", 1000L);
        running.advance("t-a", 400);
        running.begin("t-b", null);

        DownloadProgress seen = other.of("t-a").orElseThrow();
        assertThat(seen.bytesReceived()).isEqualTo(400);
        assertThat(seen.bytesExpected()).isEqualTo(1000L);
        assertThat(other.inFlight()).as("only tasks still DELIVERING").extracting(DownloadProgress::taskId).containsExactly("t-a");
        assertThat(other.of("t-b").orElseThrow().bytesExpected()).as("no Content-Length").isNull();

        running.begin("t-a", 2000L);
        assertThat(other.of("t-a").orElseThrow().bytesReceived()).as("a new attempt starts from zero").isZero();
        running.end("t-a");
        assertThat(other.of("t-a")).isEmpty();
        other.forgetAll();
        assertThat(running.of("t-b")).isEmpty();
    }

    @BothDialects
    void rateAndTimeLeftFollowFromTheReading(StoreFixture store) {
        DownloadProgress halfway = new DownloadProgress("t", 4_000_000, 8_000_000L, 10_000, 12_000);
        assertThat(halfway.bytesPerSecond()).isEqualTo(2_000_000);
        assertThat(halfway.secondsLeft()).isEqualTo(2);
        assertThat(new DownloadProgress("t", 10, null, 0, 5000).secondsLeft()).isNull();
        assertThat(new DownloadProgress("t", 10, 100L, 0, 500).bytesPerSecond()).as("under a second").isZero();
    }
}
