package io.kiemp4drop.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.kiemp4drop.support.KieApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.BundleRouteTest;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.RunningDrop;
import io.kiemp4drop.support.Settings;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A refused direct video link: kie.ai's download-url endpoint is asked once per attempt for a fresh link, with the
 * API key, and that link is fetched under the same URL policy and checks; the file hosts never see the key.
 */
@Settings("kie.download.max-attempts=2")
class FreshDownloadLinkTest extends BundleRouteTest {

    private static final String DOWNLOAD_URL = "/api/v1/common/download-url";

    @Test
    void aRefusedLinkIsReplacedByTheFreshOneKieAiGivesAndTheKeyNeverReachesAFileHost() throws Exception {
        byte[] mp4 = Mp4s.of(200_000, 41);
        refusedDirectLink("t-fresh", 403);
        kie.video("/fresh/t-fresh.mp4", mp4);
        freshLinkAnswer("t-fresh", json(200, "{\"code\":200,\"msg\":\"success\",\"data\":\"" + kie.baseUrl()
                + "/fresh/t-fresh.mp4?token=temporary\"}"));

        startWithTasks("t-fresh");
        awaitState("t-fresh", TaskState.DELIVERED);

        assertThat(Files.readAllBytes(drop().resolve("t-fresh.mp4"))).isEqualTo(mp4);
        List<LoggedRequest> asked = API.findAll(postRequestedFor(urlPathEqualTo(DOWNLOAD_URL)));
        assertThat(asked).hasSize(1);
        assertThat(asked.get(0).getHeader("Authorization")).isEqualTo("Bearer " + RunningDrop.API_KEY);
        for (LoggedRequest file : API.findAll(getRequestedFor(urlPathMatching("/(files|fresh)/.*")))) {
            assertThat(file.containsHeader("Authorization")).as(file.getUrl()).isFalse();
        }
        assertThat(API.findAll(getRequestedFor(urlPathEqualTo("/fresh/t-fresh.mp4")))).hasSize(1);
    }

    @Test
    void aFreshLinkTheUrlPolicyRefusesIsNeverFetched() throws Exception {
        refusedDirectLink("t-elsewhere", 410);
        // the same server under a host name kie.download.allowed-hosts does not list
        String elsewhere = kie.baseUrl().replace("127.0.0.1", "localhost") + "/fresh/t-elsewhere.mp4";
        freshLinkAnswer("t-elsewhere", json(200, "{\"code\":200,\"msg\":\"success\",\"data\":\"" + elsewhere + "\"}"));

        startWithTasks("t-elsewhere");
        TaskRecord task = awaitState("t-elsewhere", TaskState.FAILED);

        assertThat(task.lastError()).contains("localhost");
        assertThat(API.findAll(getRequestedFor(urlPathEqualTo("/fresh/t-elsewhere.mp4")))).isEmpty();
    }

    @Test
    void noFreshLinkCountsAsOneFailedAttemptAndSaysBothRefusals() throws Exception {
        refusedDirectLink("t-foreign", 404);
        freshLinkAnswer("t-foreign", json(422, "{\"code\":422,\"msg\":\"not a kie.ai file\"}"));

        startWithTasks("t-foreign");
        TaskRecord task = awaitState("t-foreign", TaskState.FAILED);

        assertThat(task.downloadAttempts()).isEqualTo(2);
        assertThat(task.lastError()).contains("file host answered HTTP 404 (link expired or removed?), and kie.ai gave no fresh"
                + " download link (HTTP 422: \"not a kie.ai file\")").contains("2 attempts");
        assertThat(API.findAll(postRequestedFor(urlPathEqualTo(DOWNLOAD_URL)))).as("once per attempt").hasSize(2);
    }

    @Test
    @Settings("kie.download.fallback=false")
    void withTheFallbackOffKieAiIsNotAsked() throws Exception {
        refusedDirectLink("t-off", 403);

        startWithTasks("t-off");
        TaskRecord task = awaitState("t-off", TaskState.FAILED);

        assertThat(task.lastError()).contains("file host answered HTTP 403 (link expired or removed?)");
        assertThat(API.findAll(postRequestedFor(urlPathEqualTo(DOWNLOAD_URL)))).isEmpty();
    }

    private void refusedDirectLink(String taskId, int status) {
        API.stubFor(get(urlPathEqualTo("/files/" + taskId + ".mp4")).willReturn(aResponse().withStatus(status).withBody("no")));
        kie.pendingThen(taskId, 0, kie.success(taskId, "/files/" + taskId + ".mp4"));
    }

    /** kie.ai's answer to a download-url request for this task's video URL (as record-info gave it, query included). */
    private void freshLinkAnswer(String taskId, ResponseDefinitionBuilder answer) {
        API.stubFor(post(urlPathEqualTo(DOWNLOAD_URL)).withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"url\":\"" + kie.baseUrl() + "/files/" + taskId + ".mp4?sig=secret-signature\"}"))
                .willReturn(answer));
    }
}
