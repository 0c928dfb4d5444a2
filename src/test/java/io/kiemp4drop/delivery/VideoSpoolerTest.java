package io.kiemp4drop.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.kiemp4drop.metrics.KieMetrics;
import io.kiemp4drop.model.ExchangeNames;
import io.kiemp4drop.model.SpooledVideo;
import io.kiemp4drop.store.DataSources;
import io.kiemp4drop.store.Database;
import io.kiemp4drop.store.Downloads;
import io.kiemp4drop.store.SchemaMigration;
import io.kiemp4drop.support.Mp4s;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks a download body passes on its way into the spool, on bodies read in network-sized chunks. */
class VideoSpoolerTest {

    private static final long MAX_BYTES = 10_000;
    private static final String TASK = "t-spool";

    private final CamelContext camel = new DefaultCamelContext();

    @TempDir
    Path spoolDir;

    @TempDir
    Path stateDir;

    private VideoSpooler spooler;
    private HikariDataSource store;

    @BeforeEach
    void createSpooler() {
        store = DataSources.embedded(stateDir, 2);
        Database db = new Database(store);
        new SchemaMigration(db).migrate();
        spooler = new VideoSpooler(new SpoolArea(spoolDir, "w1", true), MAX_BYTES, new NoMetrics(camel), false,
                new DownloadWatch(new Downloads(db), Duration.ZERO));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void anAnnouncedOversizeBodyIsRefusedWithoutReadingAByteOfIt() {
        CountingBody body = new CountingBody(Mp4s.of(20_000, 1), 256);

        assertThatThrownBy(() -> spool(body, 20_000L))
                .isInstanceOf(DownloadCheckException.class)
                .hasMessage("file host announces 20000 bytes, more than kie.download.max-bytes (10000)");
        assertThat(body.bytesRead).isZero();
        assertThat(body.closed).as("connection dropped, not drained").isTrue();
        assertSpoolEmpty();
    }

    @Test
    void aBodyWithoutContentLengthIsCutOffOnceItPassesMaxBytes() {
        CountingBody body = new CountingBody(Mp4s.of(1_000_000, 2), 256);

        assertThatThrownBy(() -> spool(body, null))
                .isInstanceOf(DownloadCheckException.class)
                .hasMessage("body exceeds kie.download.max-bytes (10000)");
        assertThat(body.bytesRead).isGreaterThan(MAX_BYTES).isLessThanOrEqualTo(MAX_BYTES + 256);
        assertThat(body.closed).isTrue();
        assertSpoolEmpty();
    }

    @Test
    void aBodyWithoutAnMp4HeadIsRefusedAfterItsFirstEightBytes() {
        byte[] page = "<html><body>Please log in</body></html>".repeat(100).getBytes(StandardCharsets.US_ASCII);
        CountingBody body = new CountingBody(page, 4);

        assertThatThrownBy(() -> spool(body, (long) page.length))
                .isInstanceOf(DownloadCheckException.class)
                .hasMessageStartingWith("body is not an MP4 (no ftyp box at byte 4; starts with \"<html><b\"");
        assertThat(body.bytesRead).isEqualTo(8);
        assertSpoolEmpty();
    }

    @Test
    void aBodyShorterThanItsContentLengthFails() {
        byte[] mp4 = Mp4s.of(4_000, 3);

        assertThatThrownBy(() -> spool(new CountingBody(mp4, 256), 5_000L))
                .isInstanceOf(DownloadCheckException.class)
                .hasMessage("body has 4000 bytes but Content-Length announced 5000");
        assertSpoolEmpty();
    }

    @Test
    void aGoodBodyLandsInTheSpoolWithItsSha256AndSize() throws Exception {
        byte[] mp4 = Mp4s.of(9_999, 4);

        SpooledVideo video = spool(new CountingBody(mp4, 256), (long) mp4.length);

        assertThat(video.taskId()).isEqualTo(TASK);
        assertThat(video.bytes()).isEqualTo(mp4.length);
        assertThat(video.sha256()).isEqualTo(Mp4s.sha256(mp4));
        assertThat(video.file().getParent()).isEqualTo(spoolDir);
        assertThat(Files.readAllBytes(video.file())).isEqualTo(mp4);
        try (var files = Files.list(spoolDir)) {
            assertThat(files).containsExactly(video.file());
        }
    }

    private SpooledVideo spool(InputStream body, Long contentLength) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(ExchangeNames.TASK_ID, TASK);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        if (contentLength != null) {
            exchange.getMessage().setHeader("Content-Length", String.valueOf(contentLength));
        }
        exchange.getMessage().setBody(body);
        return spooler.spool(exchange);
    }

    /** Neither the partial file nor a checked video is left behind. */
    private void assertSpoolEmpty() {
        try (var files = Files.list(spoolDir)) {
            assertThat(files).isEmpty();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Download times are not this test's business. */
    private static final class NoMetrics extends KieMetrics {
        NoMetrics(CamelContext camel) {
            super(camel, null, null, null);
        }

        @Override
        public void download(Duration took) {
        }
    }

    /** A response body that hands out at most {@code chunk} bytes per read and counts what was taken. */
    private static final class CountingBody extends InputStream {
        private final ByteArrayInputStream bytes;
        private final int chunk;
        long bytesRead;
        boolean closed;

        CountingBody(byte[] content, int chunk) {
            this.bytes = new ByteArrayInputStream(content);
            this.chunk = chunk;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            int n = bytes.read(buffer, offset, Math.min(length, chunk));
            if (n > 0) {
                bytesRead += n;
            }
            return n;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
