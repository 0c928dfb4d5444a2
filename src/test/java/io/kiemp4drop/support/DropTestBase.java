package io.kiemp4drop.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A loopback kie.ai (WireMock), a temporary home folder, and the application started against them. */
public abstract class DropTestBase {

    @RegisterExtension
    protected static final WireMockExtension API = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    @TempDir
    protected Path home;

    protected final KieApi kie = new KieApi(API);
    private final List<RunningDrop> started = new ArrayList<>();

    protected Map<String, String> settings() {
        return RunningDrop.settings(home, kie.baseUrl());
    }

    protected RunningDrop start(Map<String, String> settings) {
        RunningDrop drop = RunningDrop.start(home, settings);
        started.add(drop);
        return drop;
    }

    /** Settings with the HTTP surface on a free loopback port; returns the port through {@code port[0]}. */
    protected Map<String, String> httpSettings(int[] port) {
        Map<String, String> s = settings();
        port[0] = Ports.free();
        s.put("kie.http.enabled", "true");
        s.put("kie.http.host", "127.0.0.1");
        s.put("kie.http.port", String.valueOf(port[0]));
        return s;
    }

    protected RunningDrop startWithTasks(String... taskIds) {
        Map<String, String> s = settings();
        s.put("kie.task-ids", String.join(",", taskIds));
        return start(s);
    }

    @AfterEach
    void stopAll() throws Exception {
        for (RunningDrop drop : started) {
            drop.close();
        }
    }
}
