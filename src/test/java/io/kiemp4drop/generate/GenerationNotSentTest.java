package io.kiemp4drop.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kiemp4drop.model.Generation;
import io.kiemp4drop.model.GenerationState;
import io.kiemp4drop.store.GenerationLedger;
import io.kiemp4drop.support.BundleRouteTest;
import io.kiemp4drop.support.Ports;
import io.kiemp4drop.support.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** kie.ai not reachable at all (nothing listens on kie.api.base-url): the request never left, so it waits to be sent later. */
@Settings("kie.generate.callback-url=https://hooks.example/kie/callback")
class GenerationNotSentTest extends BundleRouteTest {

    @Override
    protected void moreSettings(Map<String, String> settings) {
        settings.put("kie.api.base-url", "http://127.0.0.1:" + Ports.free());
    }

    @Test
    void aRefusedConnectionLeavesTheRequestWaitingNotUncertain() throws Exception {
        start();
        GenerationLedger ledger = context.getRegistry().lookupByNameAndType("generationLedger", GenerationLedger.class);

        String id = ledger.add("music-9", "audio-1", null, null).id();

        await().atMost(Duration.ofSeconds(20)).until(() -> ledger.get(id).orElseThrow().lastError() != null);
        Generation waiting = ledger.get(id).orElseThrow();
        assertThat(waiting.state()).isEqualTo(GenerationState.SUBMITTING);
        assertThat(waiting.lastError()).startsWith("not sent: ").contains("Connect");
        assertThat(waiting.sendingSince()).as("the mark is lifted: it never left").isNull();
    }
}
