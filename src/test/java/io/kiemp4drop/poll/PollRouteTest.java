package io.kiemp4drop.poll;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.kiemp4drop.support.BundleRouteTest;
import io.kiemp4drop.support.KieApi;
import java.util.List;
import java.util.stream.IntStream;

/** A route test of polling: many tasks at once, and kie.ai's record-info requests as the server saw them. */
abstract class PollRouteTest extends BundleRouteTest {

    /** Task IDs t-0 … t-(n-1). */
    static List<String> taskIds(int n) {
        return IntStream.range(0, n).mapToObj(i -> "t-" + i).toList();
    }

    static void everyRecordInfoAnswers(ResponseDefinitionBuilder answer) {
        API.stubFor(WireMock.get(urlPathEqualTo(KieApi.RECORD_INFO)).willReturn(answer));
    }

    /** When (epoch millis, in order) kie.ai received each record-info request. */
    List<Long> requestTimes() {
        return API.findAll(getRequestedFor(urlPathEqualTo(KieApi.RECORD_INFO))).stream()
                .map(r -> r.getLoggedDate().getTime()).sorted().toList();
    }
}
