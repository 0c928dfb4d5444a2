package io.kiemp4drop.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.delivery.DeliveryOutcomes;
import io.kiemp4drop.delivery.DownloadRequest;
import io.kiemp4drop.delivery.DownloadWatch;
import io.kiemp4drop.delivery.FreshDownloadLink;
import io.kiemp4drop.delivery.ObjectNaming;
import io.kiemp4drop.delivery.Publications;
import io.kiemp4drop.delivery.SpoolArea;
import io.kiemp4drop.delivery.VideoSpooler;
import io.kiemp4drop.delivery.VideoStructure;
import io.kiemp4drop.http.DownloadHttpClient;
import io.kiemp4drop.metrics.KieMetrics;
import io.kiemp4drop.reports.TaskEndings;
import io.kiemp4drop.retry.Backoff;
import io.kiemp4drop.sink.ObjectNameTemplate;
import io.kiemp4drop.sink.Sinks;
import io.kiemp4drop.store.Database;
import io.kiemp4drop.store.DeliveryTransitions;
import io.kiemp4drop.store.Downloads;
import io.kiemp4drop.store.GenerationLedger;
import io.kiemp4drop.store.Lease;
import io.kiemp4drop.store.ObjectNames;
import io.kiemp4drop.store.TaskQueue;
import io.kiemp4drop.store.TaskReads;
import io.kiemp4drop.validation.DownloadUrlPolicy;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;

/** Delivery: the guarded download client, the checked spool, and the sinks a video goes to. */
public class DeliveryBeans implements CamelConfiguration {

    /** drop/.spool: shared by replicas on a shared store, this process's own on the embedded one. */
    @BindToRegistry("spoolArea")
    public SpoolArea spoolArea(@PropertyInject("kie.drop.dir") String dropDir, Lease lease, Database database) {
        return new SpoolArea(Path.of(dropDir).resolve(".spool"), lease.owner(), !database.isPostgres());
    }

    @BindToRegistry("downloadUrlPolicy")
    public DownloadUrlPolicy downloadUrlPolicy(@PropertyInject("kie.download.allow-http") boolean allowHttp,
            @PropertyInject("kie.download.allowed-hosts") String allowedHosts) {
        return new DownloadUrlPolicy(allowHttp, allowedHosts);
    }

    /** kie.sinks (or kie.sink), checked once: a misspelt value stops the start. */
    @BindToRegistry("sinks")
    public Sinks sinks(@PropertyInject(value = "kie.sinks", defaultValue = "") String sinks, @PropertyInject("kie.sink") String sink,
            @PropertyInject("kie.s3.bucket") String bucket, @PropertyInject("kie.s3.part-size") long partSize) {
        return Sinks.parse(sinks, sink, bucket, partSize);
    }

    @BindToRegistry("downloadRequest")
    public DownloadRequest downloadRequest(DownloadUrlPolicy policy) {
        return new DownloadRequest(policy);
    }

    @BindToRegistry("downloadConnectionManager")
    public HttpClientConnectionManager downloadConnectionManager(DownloadUrlPolicy policy,
            @PropertyInject("kie.download.connect-timeout") Duration connectTimeout,
            @PropertyInject("kie.download.idle-timeout") Duration idleTimeout,
            @PropertyInject("kie.download.concurrency") int concurrency) {
        return DownloadHttpClient.connectionManager(policy, connectTimeout, idleTimeout, concurrency * 2);
    }

    @BindToRegistry("downloadRedirects")
    public HttpClientConfigurer downloadRedirects(DownloadUrlPolicy policy) {
        return DownloadHttpClient.redirects(policy);
    }

    @BindToRegistry("videoSpooler")
    public VideoSpooler videoSpooler(SpoolArea spool, @PropertyInject("kie.download.max-bytes") long maxBytes,
            KieMetrics metrics, @PropertyInject("kie.download.fsync") boolean fsync, DownloadWatch watch) {
        return new VideoSpooler(spool, maxBytes, metrics, fsync, watch);
    }

    @BindToRegistry("downloadWatch")
    public DownloadWatch downloadWatch(Downloads downloads,
            @PropertyInject(value = "kie.download.progress-log", defaultValue = "30s") Duration logEvery) {
        return new DownloadWatch(downloads, logEvery);
    }

    @BindToRegistry("freshDownloadLink")
    public FreshDownloadLink freshDownloadLink(DownloadRequest downloads, @BeanInject("kieJson") ObjectMapper json) {
        return new FreshDownloadLink(downloads, json);
    }

    @BindToRegistry("videoStructure")
    public VideoStructure videoStructure(SpoolArea spool) {
        return new VideoStructure(spool);
    }

    @BindToRegistry("publications")
    public Publications publications(TaskReads reads, TaskQueue queue, DeliveryTransitions transitions, SpoolArea spool,
            Sinks sinks, @PropertyInject("kie.poll.batch-size") int batchSize, KieMetrics metrics,
            @BeanInject("kieJson") ObjectMapper json, ObjectNaming naming, GenerationLedger generations) {
        return new Publications(reads, queue, transitions, spool, sinks, batchSize, metrics, json, naming, generations);
    }

    /** kie.object-name, checked once: an absolute name, a '..' folder or an unknown placeholder stops the start. */
    @BindToRegistry("objectNaming")
    public ObjectNaming objectNaming(@PropertyInject(value = "kie.object-name", defaultValue = ObjectNameTemplate.DEFAULT) String template,
            ObjectNames names) {
        return new ObjectNaming(ObjectNameTemplate.parse(template), names);
    }

    @BindToRegistry("deliveryOutcomes")
    public DeliveryOutcomes deliveryOutcomes(TaskReads reads, DeliveryTransitions transitions, TaskEndings endings,
            @BeanInject("pollBackoff") Backoff backoff, SpoolArea spool,
            @PropertyInject("kie.download.max-attempts") int maxAttempts,
            @PropertyInject("kie.download.retention") Duration retention) {
        return new DeliveryOutcomes(reads, transitions, endings, backoff, spool, maxAttempts, retention);
    }
}
