package io.kiemp4drop.api;

import static io.kiemp4drop.support.KieApi.data;
import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.recordInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.Browser;
import io.kiemp4drop.support.BundleRouteTest;
import io.kiemp4drop.support.KieApi;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.RawHttpServer;
import io.kiemp4drop.support.RealMp4s;
import io.kiemp4drop.support.Settings;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;

/**
 * The operator page in a real browser (headless Chromium) against a running bundle and kie.ai on loopback: task
 * states, a download's progress, hostile text shown as text, the retry action and its token, the pause banner.
 */
@Settings({"kie.http.enabled=true", "kie.http.token=page-token-1"})
class OperatorPageTest extends BundleRouteTest {

    private static final String TOKEN = "page-token-1";
    private static final String ROW = "const row = [...document.querySelectorAll('#tasks tbody tr')]"
            + ".find(tr => tr.dataset.taskId === arguments[0]);";
    private static final String HOSTILE = "<img src=x onerror=\"document.body.dataset.pwned='yes'\">";

    private Browser browser;
    private WebDriver page;

    @BeforeEach
    void openBrowser() {
        browser = Browser.open();
        page = browser.driver();
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @Test
    void thePageListsTasksWithTheirStatesAndADownloadsProgressBarAdvances() throws Exception {
        kie.video("/files/t-page-done.mp4", Mp4s.of(30_000, 81));
        API.stubFor(recordInfo("t-page-done").willReturn(json(200, kie.success("t-page-done", "/files/t-page-done.mp4"))));
        API.stubFor(recordInfo("t-page-wait").willReturn(json(200, KieApi.pending("t-page-wait"))));
        byte[] slow = Mp4s.of(6 * 1024 * 1024, 82);
        try (RawHttpServer fileHost = new RawHttpServer("127.0.0.1",
                List.of(RawHttpServer.Response.streamed(slow.length, () -> slowly(slow))))) {
            API.stubFor(recordInfo("t-page-slow").willReturn(json(200, data("t-page-slow", "SUCCESS",
                    "\"response\":{\"videoUrl\":\"" + fileHost.url("/slow.mp4") + "\"}"))));
            startWithTasks("t-page-done", "t-page-wait", "t-page-slow");

            page.get(http().baseUrl() + "/");

            assertThat(page.getCurrentUrl()).endsWith("/ui/");
            await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(stateShown("t-page-done"))
                    && "PENDING".equals(stateShown("t-page-wait")));
            // the counts come from /overview, read beside /tasks: they may lag the table by one refresh
            await().atMost(Duration.ofSeconds(10)).until(() -> "1".equals(count("DELIVERED")));
            long first = await().atMost(Duration.ofSeconds(30)).until(() -> progress("t-page-slow"), value -> value > 0);
            long later = await().atMost(Duration.ofSeconds(30)).until(() -> progress("t-page-slow"), value -> value > first);
            assertThat(later).isLessThanOrEqualTo(slow.length);
            assertThat(read("return String(document.querySelector('#downloads progress').max);"))
                    .isEqualTo(String.valueOf(slow.length));
            await().atMost(Duration.ofSeconds(10)).until(() -> String.valueOf(read(
                    "return document.querySelector('#deliveries tbody').textContent;")).contains("t-page-done"));
            browser.screenshot(Path.of("target", "screenshots", "operator-page.png"));
        }
    }

    @Test
    void aHostileErrorMessageIsShownAsTextAndRetryingAFailedTaskNeedsTheToken() throws Exception {
        String failed = data("t-page-evil", "GENERATE_MP4_FAILED", "\"errorCode\":500,\"errorMessage\":"
                + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(HOSTILE));
        API.stubFor(recordInfo("t-page-evil").inScenario("retry").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, failed)).willSetStateTo("retried"));
        API.stubFor(recordInfo("t-page-evil").inScenario("retry").whenScenarioStateIs("retried")
                .willReturn(json(200, data("t-page-evil", "PENDING", ""))));
        startWithTasks("t-page-evil");
        awaitState("t-page-evil", TaskState.FAILED);

        page.get(http().baseUrl() + "/ui/");

        await().atMost(Duration.ofSeconds(20)).until(() -> "FAILED".equals(stateShown("t-page-evil")));
        assertThat(errorShown("t-page-evil")).as("the characters themselves, as the store keeps them")
                .contains("<img src=x onerror=");
        assertThat(page.findElements(By.cssSelector("main img"))).as("no element made of the message").isEmpty();
        assertThat(page.findElement(By.tagName("body")).getAttribute("data-pwned")).isNull();
        assertThat(retryEnabled("t-page-evil")).as("no token yet").isFalse();
        assertThat(http().post("/tasks/t-page-evil/retry", "application/json", "", Map.of()).statusCode())
                .as("the API refuses it too").isEqualTo(401);
        assertThat(task("t-page-evil").orElseThrow().state()).isEqualTo(TaskState.FAILED);

        page.findElement(By.id("token")).sendKeys(TOKEN);
        page.findElement(By.id("use-token")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.TRUE.equals(retryEnabled("t-page-evil")));
        // a real click; the row may be rebuilt between finding the button and clicking it, then it is found again
        await().atMost(Duration.ofSeconds(10)).ignoreException(StaleElementReferenceException.class).until(() -> {
            page.findElement(By.cssSelector("#tasks tbody tr[data-task-id='t-page-evil'] button.retry")).click();
            return true;
        });

        awaitState("t-page-evil", TaskState.PENDING);
        TaskRecord retried = task("t-page-evil").orElseThrow();
        assertThat(retried.lastError()).as("reset with the attempts").isNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> "PENDING".equals(stateShown("t-page-evil")));
        assertThat(page.findElement(By.id("message")).getText()).isEqualTo("Retry t-page-evil: done");
        assertThat(page.findElement(By.tagName("body")).getAttribute("data-pwned")).isNull();
    }

    @Test
    @Settings({"kie.media.ffmpeg=ffmpeg", "kie.media.poster=true"})
    void aDeliveredVideosPosterIsItsThumbnail() throws Exception {
        kie.video("/files/t-page-poster.mp4", Files.readAllBytes(RealMp4s.h264AacFaststart()));
        API.stubFor(recordInfo("t-page-poster").willReturn(json(200, kie.success("t-page-poster", "/files/t-page-poster.mp4"))));
        kie.video("/files/t-page-plain.mp4", Files.readAllBytes(RealMp4s.audioOnly()));
        API.stubFor(recordInfo("t-page-plain").willReturn(json(200, kie.success("t-page-plain", "/files/t-page-plain.mp4"))));
        startWithTasks("t-page-poster", "t-page-plain");
        awaitState("t-page-poster", TaskState.DELIVERED);
        awaitState("t-page-plain", TaskState.DELIVERED);

        HttpResponse<byte[]> jpeg = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(http().baseUrl() + "/tasks/t-page-poster/poster")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(jpeg.statusCode()).isEqualTo(200);
        assertThat(jpeg.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(jpeg.body()).isEqualTo(Files.readAllBytes(drop().resolve("t-page-poster.jpg")));
        assertThat(http().get("/tasks/t-page-plain/poster").statusCode()).as("audio only: no poster").isEqualTo(404);
        assertThat(http().get("/tasks/..%2Ft-page-poster/poster").statusCode()).isEqualTo(404);

        page.get(http().baseUrl() + "/ui/");

        await().atMost(Duration.ofSeconds(20)).until(() -> Long.valueOf(1).equals(read(
                "return document.querySelectorAll('#deliveries img.poster').length;")));
        await().atMost(Duration.ofSeconds(10)).until(() -> ((Number) read(
                "const img = document.querySelector('#deliveries img.poster'); return img.complete ? img.naturalWidth : 0;"))
                .longValue() > 0);
    }

    @Test
    void aRejectedApiKeyShowsThePausedAccountBanner() throws Exception {
        API.stubFor(recordInfo("t-page-key").willReturn(json(401, "{\"code\":401,\"msg\":\"You do not have access permissions\"}")));
        startWithTasks("t-page-key");

        page.get(http().baseUrl() + "/ui/");

        await().atMost(Duration.ofSeconds(20)).until(() -> page.findElement(By.id("account-banner")).isDisplayed());
        assertThat(page.findElement(By.id("account-banner")).getText()).startsWith("Polling is paused: kie.ai rejected the API key (401)");
    }

    /** Reads the page in one script run: the tables are rebuilt every 2 s, so elements found earlier go stale. */
    private Object read(String script, Object... args) {
        return ((JavascriptExecutor) page).executeScript(script, args);
    }

    private String stateShown(String taskId) {
        return (String) read(ROW + "return row ? row.cells[1].textContent : '';", taskId);
    }

    private String errorShown(String taskId) {
        return (String) read(ROW + "return row ? row.querySelector('td.error').textContent : '';", taskId);
    }

    /** Whether the task's row has a retry button and it can be pressed; null without such a button. */
    private Boolean retryEnabled(String taskId) {
        return (Boolean) read(ROW + "const b = row && row.querySelector('button.retry'); return b ? !b.disabled : null;", taskId);
    }

    private String count(String state) {
        return (String) read("const li = document.querySelector('#counts li[data-state=\"' + arguments[0] + '\"]');"
                + "return li ? li.querySelector('b').textContent : '';", state);
    }

    private long progress(String taskId) {
        Object value = read("const bar = [...document.querySelectorAll('#downloads progress')]"
                + ".find(p => p.dataset.taskId === arguments[0]); return bar ? String(bar.value) : '0';", taskId);
        return (long) Double.parseDouble((String) value);
    }

    /**
     * The video at about 200 KB a second: 8 KiB at most every 40 ms. The pause throttles the file host so the
     * download lasts (about 30 s) well past two reads of the page even on a loaded machine; nothing is asserted about
     * time, and the test ends without waiting for the download.
     */
    private static InputStream slowly(byte[] video) {
        return new FilterInputStream(new ByteArrayInputStream(video)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    Thread.sleep(40);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
                return super.read(b, off, Math.min(len, 8 * 1024));
            }
        };
    }
}
