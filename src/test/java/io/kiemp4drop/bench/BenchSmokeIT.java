package io.kiemp4drop.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark script works: {@code bench/run --smoke} (tiny inputs, one run per figure) produces its table.
 * Nothing here judges a figure: speed and memory are measured by the full run, not asserted in tests.
 */
class BenchSmokeIT {

    @TempDir
    Path out;

    @Test
    void theBenchmarkScriptProducesItsTable() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "bench/run", "--smoke", "--no-build", "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(out.resolve("bench.log").toFile());
        builder.environment().put("BENCH_CLASSPATH", System.getProperty("java.class.path"));
        Process bench = builder.start();
        assertThat(bench.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String log = Files.readString(out.resolve("bench.log"));
        assertThat(bench.exitValue()).as(log).isZero();

        String table = Files.readString(out.resolve("latest.md"));
        for (String figure : new String[] {"1. Delivery throughput", "1. CPU-seconds per GB delivered", "2. Peak RSS", "3. Poll capacity",
            "4. SUCCESS to file in the drop, polling", "4. SUCCESS to file in the drop, callback", "5. Start-up"}) {
            assertThat(table).contains("| " + figure);
        }
        assertThat(table).doesNotContain("| MB/s").doesNotContain("NaN").doesNotContain("inf");
    }
}
