package io.kiemp4drop;

import com.zaxxer.hikari.HikariDataSource;
import io.kiemp4drop.api.CallbackReceiver;
import io.kiemp4drop.api.TaskApi;
import io.kiemp4drop.api.WriteAccess;
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
import io.kiemp4drop.observe.ApiAccessHealthCheck;
import io.kiemp4drop.observe.KieMetrics;
import io.kiemp4drop.observe.Notifications;
import io.kiemp4drop.poll.Backoff;
import io.kiemp4drop.poll.ClusterRateLimiter;
import io.kiemp4drop.poll.PollGate;
import io.kiemp4drop.poll.PollOutcomes;
import io.kiemp4drop.poll.PollScheduler;
import io.kiemp4drop.poll.TaskExpiry;
import io.kiemp4drop.run.RunCompletion;
import io.kiemp4drop.run.RunControl;
import io.kiemp4drop.store.DataSources;
import io.kiemp4drop.store.ReplicaId;
import io.kiemp4drop.store.TaskStore;
import io.kiemp4drop.validation.DownloadUrlPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds the beans the routes call by name, in dependency order, from the kie.* settings. Each bean
 * has one job; the routes in routes/*.yaml decide what runs when.
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
    @PropertyInject("kie.download.fsync") boolean downloadFsync;
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
    @PropertyInject("kie.http.token") String httpToken;
    @PropertyInject("kie.callback.hmac-key") String callbackHmacKey;
    @PropertyInject("kie.callback.max-skew") Duration callbackMaxSkew;
    @PropertyInject("kie.notify.uri") String notifyUri;
    @PropertyInject("kie.notify.max-attempts") int notifyMaxAttempts;
    @PropertyInject("kie.api.max-requests-per-second") int maxRequestsPerSecond;
    @PropertyInject("kie.store.jdbc-url") String storeJdbcUrl;
    @PropertyInject("kie.store.username") String storeUsername;
    @PropertyInject("kie.store.password") String storePassword;
    @PropertyInject("kie.store.lease") Duration storeLease;
    @PropertyInject("kie.store.owner") String storeOwner;


    @Override
    public void configure(CamelContext context) {
        Registry registry = context.getRegistry();
        Path drop = Path.of(dropDir);

        String owner = storeOwner.isBlank() ? ReplicaId.generate() : ReplicaId.configured(storeOwner);
        int poolSize = pollConcurrency + downloadConcurrency + 4;
        boolean shared = !storeJdbcUrl.isBlank();
        HikariDataSource dataSource = shared ? DataSources.shared(storeJdbcUrl, storeUsername, storePassword, poolSize)
                : DataSources.embedded(Path.of(stateDir), poolSize);
        registry.bind("taskDataSource", HikariDataSource.class, dataSource, null, "close");
        SpoolArea spool = bind(registry, "spoolArea", new SpoolArea(drop.resolve(".spool"), owner, !shared));
        spool.prepare();
        TaskStore store = bind(registry, "taskStore", openStore(new TaskStore(dataSource, owner, storeLease), spool,
                !storeOwner.isBlank()));

        KieMetrics metrics = bind(registry, "kieMetrics", new KieMetrics(context, store));
        store.recordNotifications(!notifyUri.isBlank());
        bind(registry, "notifications", new Notifications(store, new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1)),
                notifyMaxAttempts, pollBatchSize));
        FailureReports reports = new FailureReports(Path.of(failedDir));
        TaskEndings endings = bind(registry, "taskEndings", new TaskEndings(store, reports));
        Backoff backoff = new Backoff(backoffInitial, backoffMax);
        PollGate gate = bind(registry, "pollGate", new PollGate(breakerFailures, breakerPause, store));
        bind(registry, "clusterRateLimiter", new ClusterRateLimiter(store, maxRequestsPerSecond));

        TaskIntake intake = bind(registry, "taskIntake", new TaskIntake(store, taskIds, inboxMaxFileBytes));
        bind(registry, "pollScheduler", new PollScheduler(store, pollBatchSize));
        bind(registry, "taskExpiry", new TaskExpiry(store, endings, giveUpAfter));
        bind(registry, "recordInfoReader", new RecordInfoReader(apiMaxResponseBytes));
        bind(registry, "pollOutcomes", new PollOutcomes(store, gate, backoff, endings, pollPeriod, authPause,
                notFoundAttempts, breakerFailures, metrics));

        DownloadUrlPolicy policy = new DownloadUrlPolicy(allowHttp, allowedHosts);
        bind(registry, "downloadRequest", new DownloadRequest(policy));
        bind(registry, "downloadConnectionManager", DownloadHttpClient.connectionManager(policy, downloadConnectTimeout,
                downloadIdleTimeout, downloadConcurrency * 2));
        bind(registry, "downloadRedirects", DownloadHttpClient.redirects(policy));
        bind(registry, "videoSpooler", new VideoSpooler(spool, downloadMaxBytes, metrics, downloadFsync));
        bind(registry, "publications", new Publications(store, spool, Sinks.parse(sink, s3Bucket, s3PartSize),
                pollBatchSize, metrics));
        bind(registry, "dropFolder", new DropFolder(drop));
        bind(registry, "deliveryOutcomes", new DeliveryOutcomes(store, endings, backoff, downloadMaxAttempts, retention, spool));
        // created on first use: only the routes of an enabled S3 sink look these up
        Supplier<S3Client> s3Client = memoize(
                () -> S3Clients.create(s3Region, s3Endpoint, s3PathStyle, s3AccessKey, s3SecretKey, s3Checksum));
        registry.bind("kieS3Client", S3Client.class, (Supplier<Object>) s3Client::get);
        registry.bind("s3Sink", S3Sink.class, (Supplier<Object>) memoize(() -> new S3Sink(s3Client.get(), s3Bucket,
                s3Prefix, s3Endpoint, s3StorageClass, s3PartSize, s3AutoCreateBucket, metrics))::get);

        bind(registry, "taskApi", new TaskApi(store, new WriteAccess(httpToken)));
        bind(registry, "callbackReceiver", new CallbackReceiver(store, callbackHmacKey, callbackMaxSkew, metrics));
        RunControl control = registry.lookupByNameAndType("runControl", RunControl.class);
        bind(registry, "runCompletion", new RunCompletion(store, intake, Path.of(inboxDir), control));

        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null) {
            health.register(new ApiAccessHealthCheck(gate));
        }
    }

    /** @param stableOwner kie.store.owner is set, so on a shared store the leases held under it are this replica's own */
    private static TaskStore openStore(TaskStore store, SpoolArea spool, boolean stableOwner) {
        store.migrate();
        spool.removeOrphans(store.spoolFilesInUse());
        if (store.isShared()) {
            if (!stableOwner) {
                LOG.info("Shared task store: this replica is {}; leases of stopped replicas run out by themselves "
                        + "(set kie.store.owner to a stable, unique name to take them back at start)", store.owner());
                return store;
            }
            LOG.info("Shared task store: this replica is {} (kie.store.owner); work it held at its last stop is taken back now",
                    store.owner());
        }
        int[] interrupted = store.resumeAfterStop(spool::holds);
        if (interrupted[2] > 0) {
            LOG.info("{} poll(s) interrupted by the last stop are due again", interrupted[2]);
        }
        if (interrupted[0] + interrupted[1] > 0) {
            LOG.info("Deliveries interrupted by the last stop: {} resume from the spool, {} start again from a poll",
                    interrupted[0], interrupted[1]);
        }
        return store;
    }

    private static <T> T bind(Registry registry, String name, T bean) {
        registry.bind(name, bean);
        return bean;
    }

    private static <T> Supplier<T> memoize(Supplier<T> factory) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = factory.get();
                }
                return value;
            }
        };
    }
}
