package io.kiemp4drop.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.api.Answers;
import io.kiemp4drop.api.CallbackReceiver;
import io.kiemp4drop.api.CamelViewsGuard;
import io.kiemp4drop.api.GenerationApi;
import io.kiemp4drop.api.Overview;
import io.kiemp4drop.api.PageFiles;
import io.kiemp4drop.api.Posters;
import io.kiemp4drop.api.ReadAccess;
import io.kiemp4drop.api.TaskApi;
import io.kiemp4drop.api.WriteAccess;
import io.kiemp4drop.metrics.KieMetrics;
import io.kiemp4drop.poll.PollGate;
import io.kiemp4drop.store.CallbackLedger;
import io.kiemp4drop.store.Downloads;
import io.kiemp4drop.store.FinalStates;
import io.kiemp4drop.store.GenerationLedger;
import io.kiemp4drop.store.ObjectNames;
import io.kiemp4drop.store.TaskReads;
import io.kiemp4drop.store.TaskRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/** The HTTP surface: the task API and kie.ai's callback. */
public class ApiBeans implements CamelConfiguration {

    /** kie.http.read-token guards the reads when set; without one they are open. */
    @BindToRegistry("readAccess")
    public ReadAccess readAccess(@PropertyInject(value = "kie.http.read-token", defaultValue = "") String token) {
        return new ReadAccess(token);
    }

    /** kie.http.token guards the writes; without one they are refused. */
    @BindToRegistry("writeAccess")
    public WriteAccess writeAccess(@PropertyInject("kie.http.token") String token) {
        return new WriteAccess(token);
    }

    @BindToRegistry("answers")
    public Answers answers() {
        return new Answers();
    }

    @BindToRegistry("taskApi")
    public TaskApi taskApi(TaskReads reads, TaskRegistry registry, FinalStates finalStates, Downloads downloads) {
        return new TaskApi(reads, registry, finalStates, downloads);
    }

    @BindToRegistry("pageFiles")
    public PageFiles pageFiles() {
        return new PageFiles();
    }

    @BindToRegistry("posters")
    public Posters posters(TaskReads reads, ObjectNames names, @PropertyInject("kie.drop.dir") String dropDir) {
        return new Posters(reads, names, Path.of(dropDir));
    }

    @BindToRegistry("overview")
    public Overview overview(TaskReads reads, Downloads downloads, GenerationLedger generations, PollGate gate,
            @BeanInject("kieJson") ObjectMapper json, Posters posters) {
        return new Overview(reads, downloads, generations, gate, json, posters);
    }

    @BindToRegistry("generationApi")
    public GenerationApi generationApi(GenerationLedger ledger, @PropertyInject("kie.generate.callback-url") String callbackUrl) {
        return new GenerationApi(ledger, !callbackUrl.isBlank());
    }

    @BindToRegistry("callbackReceiver")
    public CallbackReceiver callbackReceiver(CallbackLedger ledger, @PropertyInject("kie.callback.hmac-key") String hmacKey,
            @PropertyInject("kie.callback.max-skew") Duration maxSkew, KieMetrics metrics,
            @BeanInject("kieJson") ObjectMapper json) {
        return new CallbackReceiver(ledger, hmacKey, maxSkew, metrics, json);
    }

    /** With kie.http.read-token set, Camel's developer console and Jolokia need it too. */
    @Override
    public void configure(CamelContext context) throws Exception {
        context.addStartupListener(new CamelViewsGuard(context.getRegistry().lookupByNameAndType("readAccess", ReadAccess.class)));
    }
}
