package io.kiemp4drop.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.metrics.KieMetrics;
import io.kiemp4drop.model.ExchangeNames;
import io.kiemp4drop.model.Publication;
import io.kiemp4drop.validation.LogSafe;
import io.kiemp4drop.validation.TaskIds;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The S3 sink's own logic around the aws2-s3 endpoint that moves the bytes: object keys from the
 * validated task ID, headers and user metadata for the upload, the "already there with this sha256"
 * check that makes a repeated delivery a no-op, and clean-up of multipart uploads a stopped process
 * left behind. Error texts name the bucket and endpoint, never a credential.
 */
public class S3Sink {

    private static final Logger LOG = LoggerFactory.getLogger(S3Sink.class);
    private static final String SHA256 = "sha256";

    private final S3Client client;
    private final String bucket;
    private final String prefix;
    private final String endpoint;
    private final String storageClass;
    private final long partSize;
    private final boolean autoCreateBucket;
    private final KieMetrics metrics;
    private final ObjectMapper json;

    public S3Sink(S3Client client, String bucket, String prefix, String endpoint, String storageClass, long partSize,
            boolean autoCreateBucket, KieMetrics metrics, ObjectMapper json) {
        this.client = client;
        this.bucket = bucket;
        this.prefix = prefix;
        this.endpoint = endpoint.isBlank() ? "AWS" : endpoint;
        this.storageClass = storageClass;
        this.partSize = partSize;
        this.autoCreateBucket = autoCreateBucket;
        this.metrics = metrics;
        this.json = json;
    }

    /** How errors name this sink: bucket and endpoint. */
    public String target() {
        return "bucket '" + bucket + "' at " + endpoint;
    }

    public String videoKey(String taskId) {
        return prefix + TaskIds.requireValid(taskId) + ".mp4";
    }

    public String sidecarKey(String taskId) {
        return prefix + TaskIds.requireValid(taskId) + ".json";
    }

    public String destination(@ExchangeProperty(ExchangeNames.PUBLICATION) Publication publication) {
        return "s3://" + bucket + "/" + videoKey(publication.taskId());
    }

    /** HEAD request: true when the bucket already holds this exact video (same sha256 in its metadata, same size). */
    public boolean holdsVideo(@ExchangeProperty(ExchangeNames.PUBLICATION) Publication publication) {
        try {
            HeadObjectResponse head = client.headObject(b -> b.bucket(bucket).key(videoKey(publication.taskId())));
            boolean same = publication.sha256().equals(head.metadata().get(SHA256))
                    && head.contentLength() != null && head.contentLength() == publication.bytes();
            if (same) {
                LOG.info("Task {}: {} already holds this video (same sha256); not uploading it again",
                        publication.taskId(), destination(publication));
            }
            return same;
        } catch (NoSuchKeyException absent) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** Sets up the exchange for the aws2-s3 endpoint: the spooled file as body (known length), key, type, metadata. */
    public void prepareVideo(Exchange exchange, @ExchangeProperty(ExchangeNames.PUBLICATION) Publication publication) {
        abortAbandonedUploads(videoKey(publication.taskId()));
        exchange.setProperty(ExchangeNames.UPLOAD_STARTED, System.nanoTime());
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setBody(publication.video().toFile());
        message.setHeader(AWS2S3Constants.KEY, videoKey(publication.taskId()));
        message.setHeader(AWS2S3Constants.CONTENT_TYPE, "video/mp4");
        message.setHeader(AWS2S3Constants.CONTENT_LENGTH, publication.bytes());
        message.setHeader(AWS2S3Constants.METADATA, metadata(publication));
        if (!storageClass.isBlank()) {
            message.setHeader(AWS2S3Constants.STORAGE_CLASS, storageClass);
        }
    }

    /**
     * Camel 4.18's multipart path does not pass user metadata to S3 (the single-part path does), so a
     * video large enough for multipart gets its metadata by a server-side copy onto itself.
     */
    public void completeVideo(Exchange exchange, @ExchangeProperty(ExchangeNames.PUBLICATION) Publication publication) {
        Long started = exchange.getProperty(ExchangeNames.UPLOAD_STARTED, Long.class);
        if (started != null) {
            metrics.upload(java.time.Duration.ofNanos(System.nanoTime() - started));
        }
        if (publication.bytes() < partSize) {
            return;
        }
        String key = videoKey(publication.taskId());
        client.copyObject(b -> {
            b.sourceBucket(bucket).sourceKey(key).destinationBucket(bucket).destinationKey(key)
                    .metadataDirective(MetadataDirective.REPLACE).metadata(metadata(publication))
                    .contentType("video/mp4");
            if (!storageClass.isBlank()) {
                b.storageClass(storageClass);
            }
        });
    }

    public void prepareSidecar(Exchange exchange, @ExchangeProperty(ExchangeNames.PUBLICATION) Publication publication)
            throws JsonProcessingException {
        byte[] document = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(publication.sidecar());
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setBody(document);
        message.setHeader(AWS2S3Constants.KEY, sidecarKey(publication.taskId()));
        message.setHeader(AWS2S3Constants.CONTENT_TYPE, "application/json");
        message.setHeader(AWS2S3Constants.CONTENT_LENGTH, (long) document.length);
    }

    /** Empty when the bucket answers; otherwise what is wrong, naming bucket and endpoint. */
    public Optional<String> probe() {
        try {
            client.headBucket(b -> b.bucket(bucket));
            return Optional.empty();
        } catch (SdkException e) {
            return Optional.of("S3 sink cannot reach " + target() + ": " + LogSafe.describe(e));
        }
    }

    /** Start-up: creates the bucket when allowed and missing, then says whether the sink is usable. Polling goes on either way. */
    public void checkAtStartup() {
        if (autoCreateBucket && probe().isPresent()) {
            try {
                client.createBucket(b -> b.bucket(bucket));
                LOG.info("Created {}", target());
            } catch (SdkException e) {
                LOG.debug("Bucket creation failed", e);
            }
        }
        Optional<String> problem = probe();
        if (problem.isPresent()) {
            LOG.error("S3 sink DOWN: {}. Polling goes on; finished videos wait in the spool and are uploaded "
                    + "once the bucket is reachable", problem.get());
        } else {
            LOG.info("S3 sink UP: {}", target());
        }
    }

    private Map<String, String> metadata(Publication publication) {
        Map<String, Object> sidecar = publication.sidecar();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("task-id", publication.taskId());
        put(meta, "music-id", sidecar.get("musicId"));
        put(meta, "audio-id", sidecar.get("audioId"));
        put(meta, "music-index", sidecar.get("musicIndex"));
        meta.put(SHA256, publication.sha256());
        put(meta, "source-create-time", sidecar.get("createTime"));
        put(meta, "source-complete-time", sidecar.get("completeTime"));
        return meta;
    }

    /** API text becomes printable ASCII before it goes into an HTTP header. */
    private static void put(Map<String, String> meta, String key, Object value) {
        if (value != null) {
            meta.put(key, LogSafe.escape(value.toString()));
        }
    }

    private void abortAbandonedUploads(String key) {
        try {
            for (MultipartUpload upload : client.listMultipartUploads(b -> b.bucket(bucket).prefix(key)).uploads()) {
                if (key.equals(upload.key())) {
                    client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(upload.uploadId()));
                    LOG.info("Aborted an unfinished multipart upload of {} left by an earlier run", key);
                }
            }
        } catch (SdkException e) {
            LOG.debug("Listing multipart uploads of {} failed: {}", key, LogSafe.describe(e));
        }
    }
}
