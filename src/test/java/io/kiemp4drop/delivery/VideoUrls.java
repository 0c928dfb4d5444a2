package io.kiemp4drop.delivery;

import static io.kiemp4drop.support.KieApi.data;
import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.recordInfo;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.util.ArrayList;
import java.util.List;

/**
 * kie.ai answering SUCCESS with video URLs of the test's choosing (a broken file host, a hostile address), one
 * task each; the tasks so answered are then taken in together.
 */
final class VideoUrls {

    private final WireMockExtension api;
    private final List<String> taskIds = new ArrayList<>();

    VideoUrls(WireMockExtension api) {
        this.api = api;
    }

    void answer(String taskId, String videoUrl) {
        String escaped = videoUrl.replace("\\", "\\\\").replace("\"", "\\\"");
        api.stubFor(recordInfo(taskId).willReturn(json(200,
                data(taskId, "SUCCESS", "\"response\":{\"videoUrl\":\"" + escaped + "\"}"))));
        taskIds.add(taskId);
    }

    List<String> taskIds() {
        return taskIds;
    }

    String[] taskIdArray() {
        return taskIds.toArray(String[]::new);
    }
}
