package io.kiemp4drop.api;

import static io.kiemp4drop.support.KieApi.json;
import static io.kiemp4drop.support.KieApi.pending;
import static io.kiemp4drop.support.KieApi.recordInfo;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiemp4drop.support.DropTestBase;
import io.kiemp4drop.support.Http;
import io.kiemp4drop.support.RunningDrop;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An accepted signed callback stays refused as a replay across a restart: two starts of the bundle on one task store. */
class CallbackReplayAfterRestartTest extends DropTestBase {

    @Test
    void aReplayIsRefusedAfterARestartToo() throws Exception {
        API.stubFor(recordInfo("t-again").willReturn(json(200, pending("t-again"))));
        int[] port = new int[1];
        Map<String, String> s = httpSettings(port);
        s.put("kie.callback.hmac-key", SignedCallbacks.KEY);
        s.put("kie.poll.period", "1h");
        SignedCallbacks callbacks = new SignedCallbacks(new Http(port[0]));
        long now = SignedCallbacks.now();

        RunningDrop first = start(s);
        assertThat(callbacks.signed("t-again", now).statusCode()).isEqualTo(200);
        first.close();

        start(s);
        assertThat(callbacks.signed("t-again", now).statusCode()).as("the same signed callback again").isEqualTo(401);
        assertThat(callbacks.signed("t-again", now + 1).statusCode()).as("a new one").isEqualTo(200);
    }
}
