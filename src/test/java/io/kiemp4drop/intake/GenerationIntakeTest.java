package io.kiemp4drop.intake;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.kiemp4drop.support.KieApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kiemp4drop.model.Generation;
import io.kiemp4drop.store.GenerationLedger;
import io.kiemp4drop.support.BundleRouteTest;
import io.kiemp4drop.support.LogCapture;
import io.kiemp4drop.support.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Inbox CSV files of songs (route import-generation-file): a header in any order, good rows taken once per song,
 * refused rows logged with file, line and reason, and the file moved to .failed/ with its .errors.txt.
 */
@Settings({"kie.generate.callback-url=https://hooks.example/kie/callback", "kie.poll.period=1h"})
class GenerationIntakeTest extends BundleRouteTest {

    private static final String CSV = """
            # songs for the December release
            audioId,author,musicTaskId,domainName

            a-1,"Ann, Jr.",m-1,music.example
            a-1,,m-1,
            a-2,Bob,../etc,
            a-3,Bell\u0007,m-3,
            a-4,,m-4,
            """;

    @Test
    void goodRowsBecomeRequestsOncePerSongAndRefusedOnesAreListedBesideTheFileInFailed() throws Exception {
        // kie.ai refuses everything here: what is tested is what the file turns into
        API.stubFor(post(urlPathEqualTo("/api/v1/mp4/generate")).willReturn(json(422, "{\"code\":422,\"msg\":\"no\"}")));
        try (LogCapture logs = LogCapture.install()) {
            start();
            Files.writeString(inbox("songs.csv"), CSV, StandardCharsets.UTF_8);

            Path errors = inbox(".failed/songs.csv.errors.txt");
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(errors) && Files.exists(inbox(".failed/songs.csv")));

            List<Generation> all = ledger().list(null, 100, 0);
            assertThat(all).extracting(Generation::musicTaskId).containsExactlyInAnyOrder("m-1", "m-4");
            Generation first = all.stream().filter(g -> g.musicTaskId().equals("m-1")).findFirst().orElseThrow();
            assertThat(first.author()).isEqualTo("Ann, Jr.");
            assertThat(first.domainName()).isEqualTo("music.example");
            assertThat(Files.readAllLines(errors)).containsExactly(
                    "line 6: musicTaskId missing or not a valid ID",
                    "line 7: author must be text of at most 50 printable characters");
            assertThat(logs.lines()).anyMatch(l -> l.startsWith("WARN") && l.contains("inbox file \"songs.csv\" line 6: musicTaskId"
                    + " missing or not a valid ID"));
            assertThat(Files.exists(inbox("songs.csv"))).isFalse();
        }
    }

    @Test
    void aFileWithEveryRowGoodGoesToDoneAndOneWithoutItsHeaderIsRefusedWhole() throws Exception {
        API.stubFor(post(urlPathEqualTo("/api/v1/mp4/generate")).willReturn(json(422, "{\"code\":422,\"msg\":\"no\"}")));
        start();
        Files.writeString(inbox("good.csv"), "musicTaskId,audioId\nm-7,a-7\n", StandardCharsets.UTF_8);
        Files.writeString(inbox("headless.csv"), "m-8,a-8\n", StandardCharsets.UTF_8);

        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(inbox(".done/good.csv"))
                && Files.exists(inbox(".failed/headless.csv")));

        assertThat(ledger().list(null, 100, 0)).extracting(Generation::musicTaskId).containsExactly("m-7");
        assertThat(Files.exists(inbox(".failed/good.csv.errors.txt"))).isFalse();
    }

    @Test
    @Settings("kie.generate.callback-url=")
    void withoutACallbackUrlACsvFileIsRefusedWholeWithOneClearLine() throws Exception {
        try (LogCapture logs = LogCapture.install()) {
            start();
            Files.writeString(inbox("songs.csv"), "musicTaskId,audioId\nm-1,a-1\n", StandardCharsets.UTF_8);

            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(inbox(".failed/songs.csv")));

            assertThat(ledger().list(null, 100, 0)).isEmpty();
            await().atMost(Duration.ofSeconds(5)).until(() -> logs.lines().stream().anyMatch(l -> l.startsWith("ERROR")
                    && l.contains("needs kie.generate.callback-url")));
            assertThat(logs.all()).doesNotContain("\tat ");
        }
    }

    private Path inbox(String name) {
        return home.resolve("inbox").resolve(name);
    }

    private GenerationLedger ledger() {
        return context.getRegistry().lookupByNameAndType("generationLedger", GenerationLedger.class);
    }
}
