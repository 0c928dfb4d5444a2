package io.kiemp4drop.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

/** Builds kie.ai answers on a WireMock server: record-info envelopes and video files. */
public final class KieApi {

    public static final String RECORD_INFO = "/api/v1/mp4/record-info";

    private final WireMockExtension server;

    public KieApi(WireMockExtension server) {
        this.server = server;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getPort();
    }

    public static MappingBuilder recordInfo(String taskId) {
        return get(urlPathEqualTo(RECORD_INFO)).withQueryParam("taskId", equalTo(taskId));
    }

    public static RequestPatternBuilder recordInfoRequests(String taskId) {
        return getRequestedFor(urlPathEqualTo(RECORD_INFO)).withQueryParam("taskId", equalTo(taskId));
    }

    public static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    public static String data(String taskId, String successFlag, String extraFields) {
        return "{\"code\":200,\"msg\":\"success\",\"data\":{\"taskId\":\"" + taskId + "\",\"musicId\":\"m-" + taskId
                + "\",\"audioId\":7,\"createTime\":\"2026-11-01T10:00:00Z\",\"successFlag\":\"" + successFlag + "\""
                + (extraFields.isEmpty() ? "" : "," + extraFields) + "}}";
    }

    public static String pending(String taskId) {
        return data(taskId, "PENDING", "");
    }

    public String success(String taskId, String videoPath) {
        return data(taskId, "SUCCESS", "\"completeTime\":1764321000000,\"response\":{\"videoUrl\":\"" + baseUrl() + videoPath
                + "?sig=secret-signature\"}");
    }

    /** PENDING for {@code pendingPolls} answers, then {@code finalBody} for good. */
    public void pendingThen(String taskId, int pendingPolls, String finalBody) {
        String scenario = "task-" + taskId;
        String state = Scenario.STARTED;
        for (int i = 0; i < pendingPolls; i++) {
            String next = "poll-" + (i + 1);
            server.stubFor(recordInfo(taskId).inScenario(scenario).whenScenarioStateIs(state)
                    .willReturn(json(200, pending(taskId))).willSetStateTo(next));
            state = next;
        }
        server.stubFor(recordInfo(taskId).inScenario(scenario).whenScenarioStateIs(state)
                .willReturn(json(200, finalBody)));
    }

    public void video(String path, byte[] mp4) {
        server.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "video/mp4").withBody(mp4)));
    }

    /** A task that is SUCCESS at once, its video served at /files/{taskId}.mp4; returns the video. */
    public byte[] serveSuccess(String taskId, byte[] mp4) {
        video("/files/" + taskId + ".mp4", mp4);
        server.stubFor(recordInfo(taskId).willReturn(json(200, success(taskId, "/files/" + taskId + ".mp4"))));
        return mp4;
    }

    /** How often the video of {@link #serveSuccess} was downloaded. */
    public int downloads(String taskId) {
        return server.findAll(getRequestedFor(urlPathEqualTo("/files/" + taskId + ".mp4"))).size();
    }
}
