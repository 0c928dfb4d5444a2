package io.kiemp4drop.sink;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.BundleRouteTest;
import io.kiemp4drop.support.LogCapture;
import io.kiemp4drop.support.Mp4s;
import io.kiemp4drop.support.Settings;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.Test;

/**
 * The sink contract, through a sink the bundle does not ship: a user's route file loaded with kie.routes.include
 * and named in kie.sinks. It gets the sidecar, then the video, with the contract's headers and nothing else; it
 * fails twice, then succeeds, and the video is neither downloaded again nor sent to the file sink again.
 */
@Settings("kie.sinks=file,audit")
class UserSinkTest extends BundleRouteTest {

    /** What a user writes: the contract's object name into a folder of their own, through Camel's file component. */
    private static final String AUDIT_ROUTE = """
            - route:
                id: sink-audit
                from:
                  uri: direct:sink-audit
                  steps:
                    - bean:
                        ref: auditGate
                        method: check
                    - to:
                        uri: file:%s
                        parameters:
                          fileName: "${header.KieObjectName}"
                          tempPrefix: .part-
            """;

    private final AuditGate gate = new AuditGate(2);

    private Path auditDir() {
        return home.resolve("audit");
    }

    @Override
    protected void moreSettings(Map<String, String> settings) {
        // the context is configured before each test's own set-up runs, so the user's route file is written here
        try {
            Path extra = Files.createDirectories(home.resolve("extra"));
            Files.writeString(extra.resolve("audit.camel.yaml"), AUDIT_ROUTE.formatted(auditDir()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        settings.put("kie.routes.include", "file:" + home.resolve("extra") + "/*.camel.yaml");
    }

    @Override
    protected void bindToRegistry(Registry registry) throws Exception {
        registry.bind("auditGate", gate);
    }

    @Test
    void aUserSinkGetsTheSidecarThenTheVideoAndIsRetriedAloneUntilItTakesBoth() throws Exception {
        byte[] video = Mp4s.of(300_000, 7);
        kie.video("/files/t-user.mp4", video);
        kie.pendingThen("t-user", 0, kie.success("t-user", "/files/t-user.mp4"));
        AdviceWith.adviceWith(context, "sink-file", route -> route.weaveAddFirst().to("mock:file-sink-calls"));
        MockEndpoint fileSinkCalls = getMockEndpoint("mock:file-sink-calls");

        try (LogCapture logs = LogCapture.install()) {
            startWithTasks("t-user");
            awaitState("t-user", TaskState.DELIVERED);

            String sha256 = Mp4s.sha256(video);
            assertThat(Mp4s.sha256(Files.readAllBytes(auditDir().resolve("t-user.mp4")))).isEqualTo(sha256);
            assertThat(Files.readString(auditDir().resolve("t-user.json"))).contains(sha256);
            assertThat(Mp4s.sha256(Files.readAllBytes(drop().resolve("t-user.mp4")))).isEqualTo(sha256);
            assertThat(API.countRequestsMatching(getRequestedFor(urlPathEqualTo("/files/t-user.mp4")).build()).getCount())
                    .as("downloaded once").isEqualTo(1);
            assertThat(fileSinkCalls.getReceivedCounter()).as("the file sink called once for each object").isEqualTo(2);

            assertThat(gate.calls).extracting(Call::kind)
                    .containsExactly("sidecar", "video", "sidecar", "video", "sidecar", "video");
            for (Call call : gate.calls) {
                assertThat(call.headers()).isEqualTo(Set.of("KieKind", "KieTaskId", "KieObjectName", "KieSha256", "KieBytes",
                        "KieContentType"));
                assertThat(call.body()).isEqualTo(call.kind().equals("video") ? File.class : String.class);
            }
            assertThat(logs.lines()).filteredOn(l -> l.contains("publishing to sink audit failed: IllegalStateException: audit store offline"))
                    .hasSize(2).allMatch(l -> l.startsWith("WARN"));
            assertThat(logs.all()).doesNotContain("\tat ");
        }
    }

    record Call(String kind, Set<String> headers, Class<?> body) {
    }

    /** The user's sink as a test sees it: records each call, and refuses the first videos it is given. */
    public static final class AuditGate {

        final List<Call> calls = new CopyOnWriteArrayList<>();
        private int refusals;

        AuditGate(int refusals) {
            this.refusals = refusals;
        }

        public void check(Exchange exchange) {
            String kind = exchange.getMessage().getHeader("KieKind", String.class);
            calls.add(new Call(kind, Set.copyOf(exchange.getMessage().getHeaders().keySet()),
                    exchange.getMessage().getBody().getClass()));
            if ("video".equals(kind) && refusals > 0) {
                refusals--;
                throw new IllegalStateException("audit store offline");
            }
        }
    }
}
