package io.kiemp4drop;

import com.zaxxer.hikari.HikariDataSource;
import io.kiemp4drop.delivery.DeliveryOutcomes;
import io.kiemp4drop.delivery.DownloadRequest;
import io.kiemp4drop.delivery.DropFolder;
import io.kiemp4drop.delivery.FailureReports;
import io.kiemp4drop.delivery.Publications;
import io.kiemp4drop.delivery.S3Clients;
import io.kiemp4drop.delivery.S3Sink;
import io.kiemp4drop.delivery.Sinks;
import io.kiemp4drop.delivery.SpoolArea;
import io.kiemp4drop.delivery.TaskEndings;
import io.kiemp4drop.delivery.VideoSpooler;
import io.kiemp4drop.http.DownloadHttpClient;
import io.kiemp4drop.http.RecordInfoReader;
import io.kiemp4drop.intake.TaskIntake;
import io.kiemp4drop.poll.Backoff;
import io.kiemp4drop.poll.PollGate;
import io.kiemp4drop.poll.PollOutcomes;
import io.kiemp4drop.poll.PollScheduler;
import io.kiemp4drop.poll.TaskExpiry;
import io.kiemp4drop.run.RunCompletion;
import io.kiemp4drop.run.RunControl;
import io.kiemp4drop.store.DataSources;
import io.kiemp4drop.store.TaskStore;
import io.kiemp4drop.validation.DownloadUrlPolicy;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.slf4j.Logger;
import software.amazon.awssdk.services.s3.S3Client;
import org.slf4j.LoggerFactory;

/**
 * Wires the beans the routes call by name, from the kie.* settings. Each bean has one job; the routes
 * in routes/*.yaml decide what runs when.
 */
public class KieBeans implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(KieBeans.class);

    @PropertyInject("kie.task-ids") String taskIds;
    @PropertyInject("kie.inbox.dir") String inboxDir;
    @PropertyInject("kie.inbox.max-file-bytes") long inboxMaxFileBytes;
    @PropertyInject("kie.api.max-response-bytes") int apiMaxResponseBytes;
    @PropertyInject("kie.api.auth-pause") Duration authPause;
    @PropertyInject("kie.poll.period") Duration pollPeriod;
    @PropertyInject("kie.poll.concurrency") int pollConcurrency;
    @PropertyInject("kie.poll.batch-size") int pollBatchSize;
    @PropertyInject("kie.poll.not-found-attempts") int notFoundAttempts;
    @PropertyInject("kie.poll.give-up-after") Duration giveUpAfter;
    @PropertyInject("kie.poll.backoff-initial") Duration backoffInitial;
    @PropertyInject("kie.poll.backoff-max") Duration backoffMax;
    @PropertyInject("kie.poll.circuit-breaker-failures") int breakerFailures;
    @PropertyInject("kie.poll.circuit-breaker-pause") Duration breakerPause;
    @PropertyInject("kie.download.concurrency") int downloadConcurrency;
    @PropertyInject("kie.download.max-bytes") long downloadMaxBytes;
    @PropertyInject("kie.download.max-attempts") int downloadMaxAttempts;
    @PropertyInject("kie.download.allow-http") boolean allowHttp;
    @PropertyInject("kie.download.allowed-hosts") String allowedHosts;
    @PropertyInject("kie.download.connect-timeout") Duration downloadConnectTimeout;
    @PropertyInject("kie.download.idle-timeout") Duration downloadIdleTimeout;
    @PropertyInject("kie.download.retention") Duration retention;
    @PropertyInject("kie.drop.dir") String dropDir;
    @PropertyInject("kie.failed.dir") String failedDir;
    @PropertyInject("kie.state.dir") String stateDir;
    @PropertyInject("kie.sink") String sink;
    @PropertyInject("kie.s3.bucket") String s3Bucket;
    @PropertyInject("kie.s3.prefix") String s3Prefix;
    @PropertyInject("kie.s3.region") String s3Region;
    @PropertyInject("kie.s3.endpoint") String s3Endpoint;
    @PropertyInject("kie.s3.path-style") boolean s3PathStyle;
    @PropertyInject("kie.s3.storage-class") String s3StorageClass;
    @PropertyInject("kie.s3.access-key") String s3AccessKey;
    @PropertyInject("kie.s3.secret-key") String s3SecretKey;
    @PropertyInject("kie.s3.auto-create-bucket") boolean s3AutoCreateBucket;
    @PropertyInject("kie.s3.checksum") String s3Checksum;
    @PropertyInject("kie.s3.part-size") long s3PartSize;

    @BindToRegistry(destroyMethod = "close")
    public HikariDataSource taskDataSource() {
        return DataSources.embedded(Path.of(stateDir), pollConcurrency + downloadConcurrency + 2);
    }

    @BindToRegistry
    public SpoolArea spoolArea() {
        SpoolArea spool = new SpoolArea(Path.of(dropDir).resolve(".spool"));
        spool.prepare();
        return spool;
    }

    @BindToRegistry
    public TaskStore taskStore(HikariDataSource taskDataSource, SpoolArea spoolArea) {
        TaskStore store = new TaskStore(taskDataSource);
        store.migrate();
        int abandoned = store.releaseAbandonedClaims();
        if (abandoned > 0) {
            LOG.info("{} poll(s) interrupted by the last stop are due again", abandoned);
        }
        int[] interrupted = store.resumeInterruptedDeliveries(spoolArea::isSpooled);
        if (interrupted[0] + interrupted[1] > 0) {
            LOG.info("Deliveries interrupted by the last stop: {} resume from the spool, {} start again from a poll",
                    interrupted[0], interrupted[1]);
        }
        return store;
    }

    @BindToRegistry
    public TaskIntake taskIntake(TaskStore taskStore) {
        return new TaskIntake(taskStore, taskIds, inboxMaxFileBytes);
    }

    @BindToRegistry
    public PollGate pollGate() {
        return new PollGate(breakerFailures, breakerPause);
    }

    @BindToRegistry
    public Backoff backoff() {
        return new Backoff(backoffInitial, backoffMax);
    }

    @BindToRegistry
    public FailureReports failureReports() {
        return new FailureReports(Path.of(failedDir));
    }

    @BindToRegistry
    public TaskEndings taskEndings(TaskStore taskStore, FailureReports failureReports) {
        return new TaskEndings(taskStore, failureReports);
    }

    @BindToRegistry
    public PollScheduler pollScheduler(TaskStore taskStore) {
        return new PollScheduler(taskStore, pollBatchSize);
    }

    @BindToRegistry
    public TaskExpiry taskExpiry(TaskStore taskStore, TaskEndings taskEndings) {
        return new TaskExpiry(taskStore, taskEndings, giveUpAfter);
    }

    @BindToRegistry
    public RecordInfoReader recordInfoReader() {
        return new RecordInfoReader(apiMaxResponseBytes);
    }

    @BindToRegistry
    public PollOutcomes pollOutcomes(TaskStore taskStore, PollGate pollGate, Backoff backoff, TaskEndings taskEndings) {
        return new PollOutcomes(taskStore, pollGate, backoff, taskEndings, pollPeriod, authPause, notFoundAttempts,
                breakerFailures);
    }

    @BindToRegistry
    public DownloadUrlPolicy downloadUrlPolicy() {
        return new DownloadUrlPolicy(allowHttp, allowedHosts);
    }

    @BindToRegistry
    public DownloadRequest downloadRequest(DownloadUrlPolicy downloadUrlPolicy) {
        return new DownloadRequest(downloadUrlPolicy);
    }

    @BindToRegistry
    public HttpClientConnectionManager downloadConnectionManager(DownloadUrlPolicy downloadUrlPolicy) {
        return DownloadHttpClient.connectionManager(downloadUrlPolicy, downloadConnectTimeout, downloadIdleTimeout,
                downloadConcurrency * 2);
    }

    @BindToRegistry
    public HttpClientConfigurer downloadRedirects(DownloadUrlPolicy downloadUrlPolicy) {
        return DownloadHttpClient.redirects(downloadUrlPolicy);
    }

    @BindToRegistry
    public DropFolder dropFolder() {
        return new DropFolder(Path.of(dropDir));
    }

    @BindToRegistry
    public VideoSpooler videoSpooler(SpoolArea spoolArea) {
        return new VideoSpooler(spoolArea, downloadMaxBytes);
    }

    @BindToRegistry
    public Publications publications(TaskStore taskStore, SpoolArea spoolArea) {
        return new Publications(taskStore, spoolArea, Sinks.parse(sink, s3Bucket, s3PartSize), pollBatchSize);
    }

    /** Created on first use: only routes of an enabled S3 sink look it up. */
    @BindToRegistry(lazy = true)
    public S3Client kieS3Client() {
        return S3Clients.create(s3Region, s3Endpoint, s3PathStyle, s3AccessKey, s3SecretKey, s3Checksum);
    }

    @BindToRegistry(lazy = true)
    public S3Sink s3Sink() {
        return new S3Sink(kieS3Client(), s3Bucket, s3Prefix, s3Endpoint, s3StorageClass, s3PartSize, s3AutoCreateBucket);
    }

    @BindToRegistry
    public DeliveryOutcomes deliveryOutcomes(TaskStore taskStore, TaskEndings taskEndings, Backoff backoff) {
        return new DeliveryOutcomes(taskStore, taskEndings, backoff, downloadMaxAttempts, retention);
    }

    @BindToRegistry
    public RunCompletion runCompletion(TaskStore taskStore, TaskIntake taskIntake, RunControl runControl) {
        return new RunCompletion(taskStore, taskIntake, Path.of(inboxDir), runControl);
    }

}
