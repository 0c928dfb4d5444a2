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
import io.kiemp4drop.support.Settings;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The operator page in a real browser (headless Chromium) against a running bundle and kie.ai on loopback: task
 * states, a download's progress, hostile text shown as text, the retry action and its token, the pause banner.
 */
@Settings({"kie.http.enabled=true", "kie.http.token=page-token-1"})
class OperatorPageTest extends BundleRouteTest {

    private static final String TOKEN = "page-token-1";
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
            assertThat(count("DELIVERED")).isEqualTo("1");
            long first = await().atMost(Duration.ofSeconds(30)).until(() -> progress("t-page-slow"), value -> value > 0);
            long later = await().atMost(Duration.ofSeconds(30)).until(() -> progress("t-page-slow"), value -> value > first);
            assertThat(later).isLessThanOrEqualTo(slow.length);
            assertThat(page.findElement(By.cssSelector("#downloads progress")).getAttribute("max"))
                    .isEqualTo(String.valueOf(slow.length));
            assertThat(page.findElement(By.cssSelector("#deliveries tbody")).getText()).contains("t-page-done");
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
        assertThat(row("t-page-evil").orElseThrow().findElement(By.cssSelector("td.error")).getText())
                .as("the characters themselves, as the store keeps them").contains("<img src=x onerror=");
        assertThat(page.findElements(By.cssSelector("main img"))).as("no element made of the message").isEmpty();
        assertThat(page.findElement(By.tagName("body")).getAttribute("data-pwned")).isNull();
        WebElement retry = row("t-page-evil").orElseThrow().findElement(By.cssSelector("button.retry"));
        assertThat(retry.isEnabled()).as("no token yet").isFalse();
        assertThat(http().post("/tasks/t-page-evil/retry", "application/json", "", Map.of()).statusCode())
                .as("the API refuses it too").isEqualTo(401);
        assertThat(task("t-page-evil").orElseThrow().state()).isEqualTo(TaskState.FAILED);

        page.findElement(By.id("token")).sendKeys(TOKEN);
        page.findElement(By.id("use-token")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> row("t-page-evil")
                .map(r -> r.findElements(By.cssSelector("button.retry"))).filter(b -> !b.isEmpty() && b.get(0).isEnabled())
                .isPresent());
        row("t-page-evil").orElseThrow().findElement(By.cssSelector("button.retry")).click();

        awaitState("t-page-evil", TaskState.PENDING);
        TaskRecord retried = task("t-page-evil").orElseThrow();
        assertThat(retried.lastError()).as("reset with the attempts").isNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> "PENDING".equals(stateShown("t-page-evil")));
        assertThat(page.findElement(By.id("message")).getText()).isEqualTo("Retry t-page-evil: done");
        assertThat(page.findElement(By.tagName("body")).getAttribute("data-pwned")).isNull();
    }

    @Test
    void aRejectedApiKeyShowsThePausedAccountBanner() throws Exception {
        API.stubFor(recordInfo("t-page-key").willReturn(json(401, "{\"code\":401,\"msg\":\"You do not have access permissions\"}")));
        startWithTasks("t-page-key");

        page.get(http().baseUrl() + "/ui/");

        await().atMost(Duration.ofSeconds(20)).until(() -> page.findElement(By.id("account-banner")).isDisplayed());
        assertThat(page.findElement(By.id("account-banner")).getText()).startsWith("Polling is paused: kie.ai rejected the API key (401)");
    }

    private Optional<WebElement> row(String taskId) {
        return page.findElements(By.cssSelector("#tasks tbody tr")).stream()
                .filter(tr -> taskId.equals(tr.getAttribute("data-task-id"))).findFirst();
    }

    private String stateShown(String taskId) {
        return row(taskId).map(tr -> tr.findElements(By.tagName("td")).get(1).getText()).orElse("");
    }

    private String count(String state) {
        return page.findElements(By.cssSelector("#counts li")).stream().filter(li -> state.equals(li.getAttribute("data-state")))
                .map(li -> li.findElement(By.tagName("b")).getText()).findFirst().orElse("");
    }

    private long progress(String taskId) {
        return page.findElements(By.cssSelector("#downloads progress")).stream()
                .filter(bar -> taskId.equals(bar.getAttribute("data-task-id")))
                .map(bar -> (long) Double.parseDouble(bar.getAttribute("value"))).findFirst().orElse(0L);
    }

    /** The video at about half a MiB a second: 8 KiB at most every 16 ms. */
    private static InputStream slowly(byte[] video) {
        return new FilterInputStream(new ByteArrayInputStream(video)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    Thread.sleep(16);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
                return super.read(b, off, Math.min(len, 8 * 1024));
            }
        };
    }
}
