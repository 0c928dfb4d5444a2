package io.kiemp4drop.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.kiemp4drop.config.Configurations;
import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.run.Locations;
import io.kiemp4drop.run.RunControl;
import io.kiemp4drop.store.TaskRegistry;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A route test: the bundle's own routes (routes/*.camel.yaml), settings (application.properties) and beans in a
 * camel-main context built by camel-test-main-junit5, against a loopback kie.ai (WireMock), with its folders in
 * a temporary home and test settings on top ({@link Settings}). The context starts when the test calls
 * {@link #start()}, once kie.ai's answers are stubbed, and stops after the test.
 */
public abstract class BundleRouteTest extends CamelMainTestSupport implements RunningBundle {

    @RegisterExtension
    protected static final WireMockExtension API = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private static Method currentTest;

    /** Runs before CamelTestSupport's own set-up, so the settings of the test method are known when the context is built. */
    @RegisterExtension
    static final BeforeEachCallback CURRENT_TEST = context -> currentTest = context.getRequiredTestMethod();

    @TempDir
    protected Path home;

    protected final KieApi kie = new KieApi(API);
    private int httpPort;

    @Override
    public void configureTest(TestExecutionConfiguration config) {
        super.configureTest(config);
        // started by the test itself, once kie.ai's answers are in place
        config.withUseAdviceWith(true);
    }

    @Override
    protected String getPropertyPlaceholderLocations() {
        return "file:application.properties";
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        Map<String, String> settings = settings();
        configuration.withRoutesIncludePattern(Locations.routes(settings.get("kie.routes.include")));
        configuration.addConfiguration(new TestRunControl());
        Configurations.all().forEach(configuration::addConfiguration);
        Properties overrides = new Properties();
        overrides.putAll(settings);
        camelContextConfiguration().withUseOverridePropertiesWithPropertiesComponent(overrides);
    }

    /** The settings of this test: the test defaults, the class's {@link Settings}, the method's, then {@link #moreSettings}. */
    protected Map<String, String> settings() {
        Map<String, String> s = RunningDrop.settings(home, kie.baseUrl());
        apply(getClass().getAnnotation(Settings.class), s);
        apply(currentTest.getAnnotation(Settings.class), s);
        moreSettings(s);
        if (Boolean.parseBoolean(s.get("kie.http.enabled"))) {
            httpPort = Ports.free();
            s.put("kie.http.host", "127.0.0.1");
            s.put("kie.http.port", String.valueOf(httpPort));
            s.put("camel.rest.api-context-path", "{{kie.http.openapi-path}}");
        }
        return s;
    }

    /** Settings only known at run time (a server's port...). */
    protected void moreSettings(Map<String, String> settings) {
    }

    private static void apply(Settings settings, Map<String, String> target) {
        if (settings != null) {
            for (String entry : settings.value()) {
                int eq = entry.indexOf('=');
                target.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
    }

    /** Starts the context: the start-up work, then every route. */
    protected void start() throws Exception {
        context.start();
    }

    /** Starts the context and takes these task IDs in, as PENDING tasks due at once. */
    protected void startWithTasks(String... taskIds) throws Exception {
        startWithTasks(List.of(taskIds));
    }

    /** Starts the context and takes these task IDs in at once (one transaction). */
    protected void startWithTasks(List<String> taskIds) throws Exception {
        start();
        bean("taskRegistry", TaskRegistry.class).addAll(taskIds, "test");
    }

    /** A readiness check's state, as Camel's health registry reports it (s3-sink, sftp-sink, azure-blob-sink...). */
    protected HealthCheck.State readiness(String checkId) {
        return HealthCheckHelper.invokeReadiness(context).stream()
                .filter(result -> result.getCheck().getId().equals(checkId))
                .map(HealthCheck.Result::getState).findFirst().orElseThrow();
    }

    /**
     * The video downloaded and kept in the spool while {@code sink} refuses it: the task stays DELIVERING and its last
     * error names the sink and {@code target}.
     */
    protected void awaitVideoWaitingFor(String sink, String target, String taskId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> task(taskId).map(TaskRecord::lastError).orElse("")
                .contains("publishing to sink " + sink));
        TaskRecord task = task(taskId).orElseThrow();
        assertThat(task.state()).isEqualTo(TaskState.DELIVERING);
        assertThat(task.lastError()).contains(target);
        assertThat(Spool.hasVideo(drop().resolve(".spool"), taskId)).isTrue();
    }

    protected Http http() {
        return new Http(httpPort);
    }

    protected Path drop() {
        return home.resolve("drop");
    }

    /** kie.exit-when-done is the process's business; here the context just keeps running. */
    public static final class TestRunControl implements CamelConfiguration {
        @BindToRegistry("runControl")
        public RunControl runControl() {
            return new RunControl(() -> { });
        }
    }
}
