package io.kiemp4drop.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.kiemp4drop.model.DownloadProgress;
import io.kiemp4drop.store.DataSources;
import io.kiemp4drop.store.Database;
import io.kiemp4drop.store.Downloads;
import io.kiemp4drop.store.SchemaMigration;
import io.kiemp4drop.support.LogCapture;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress of a download: in the store while it runs, gone when it ends, and the progress line it logs. */
class DownloadWatchTest {

    @TempDir
    Path state;

    @Test
    void aDownloadIsInTheStoreWhileItRunsAndLogsItsProgress() {
        try (HikariDataSource pool = DataSources.embedded(state, 2); LogCapture logs = LogCapture.install()) {
            Database db = new Database(pool);
            new SchemaMigration(db).migrate();
            Downloads downloads = new Downloads(db);
            DownloadWatch watch = new DownloadWatch(downloads, Duration.ofNanos(1));

            try (DownloadWatch.Watch progress = watch.begin("t-watch", 2L * 1048576)) {
                assertThat(downloads.of("t-watch")).isPresent();
                progress.received(1048576);
            }

            assertThat(downloads.of("t-watch")).as("gone when it ends").isEmpty();
            assertThat(logs.lines()).anyMatch(line -> line.contains("Task t-watch downloading: 1.0 MiB of 2.0 MiB (50%), "));
        }
    }

    @Test
    void theProgressLineSaysWhatIsKnown() {
        assertThat(DownloadWatch.describe(new DownloadProgress("t", 3 * 1048576, 12L * 1048576, 0, 3000)))
                .isEqualTo("3.0 MiB of 12.0 MiB (25%), 1.0 MiB/s, about 9 s left");
        assertThat(DownloadWatch.describe(new DownloadProgress("t", 1048576, null, 0, 2000)))
                .isEqualTo("1.0 MiB, 0.5 MiB/s");
    }
}
