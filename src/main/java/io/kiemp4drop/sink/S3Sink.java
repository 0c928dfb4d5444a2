package io.kiemp4drop.sink;

import io.kiemp4drop.metrics.KieMetrics;
import io.kiemp4drop.model.ExchangeNames;
import io.kiemp4drop.model.Publication;
import io.kiemp4drop.validation.LogSafe;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
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
 * The S3 sink's own logic around the aws2-s3 endpoint that moves the bytes: object keys from kie.s3.prefix
 * and the object name, headers and user metadata for the upload, the "already there with this sha256"
 * check that makes a repeated delivery a no-op, and clean-up of multipart uploads a stopped process
 * left behind. Error texts name the bucket and endpoint, never a credential.
 */
public class S3Sink implements RemoteSink {

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

    public S3Sink(S3Client client, String bucket, String prefix, String endpoint, String storageClass, long partSize,
            boolean autoCreateBucket, KieMetrics metrics) {
        this.client = client;
        this.bucket = bucket;
        this.prefix = prefix;
        this.endpoint = endpoint.isBlank() ? "AWS" : endpoint;
        this.storageClass = storageClass;
        this.partSize = partSize;
        this.autoCreateBucket = autoCreateBucket;
        this.metrics = metrics;
    }

    /** How errors name this sink: bucket and endpoint. */
    @Override
    public String target() {
        return "bucket '" + bucket + "' at " + endpoint;
    }

    /** The object's key: kie.s3.prefix and its object name. */
    public String key(@Header(ExchangeNames.OBJECT_NAME) String objectName) {
        return prefix + objectName;
    }

    /** Where a video is, for the task's record. */
    public String destination(@Header(ExchangeNames.OBJECT_NAME) String objectName) {
        return "s3://" + bucket + "/" + key(objectName);
    }

    /** HEAD request: true when the bucket already holds this exact video (same sha256 in its metadata, same size). */
    public boolean holdsVideo(@Header(ExchangeNames.OBJECT_NAME) String objectName, @Header(ExchangeNames.SHA256) String sha256,
            @Header(ExchangeNames.BYTES) long bytes, @Header(ExchangeNames.KIE_TASK_ID) String taskId) {
        try {
            HeadObjectResponse head = client.headObject(b -> b.bucket(bucket).key(key(objectName)));
            boolean same = sha256.equals(head.metadata().get(SHA256)) && head.contentLength() != null
                    && head.contentLength() == bytes;
            if (same) {
                LOG.info("Task {}: {} already holds this video (same sha256); not uploading it again", taskId,
                        destination(objectName));
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

    /**
     * Headers for the aws2-s3 endpoint; the body stays the spooled file (known length), or becomes the bytes of the
     * sidecar or the poster frame.
     */
    public void prepareUpload(Exchange exchange, @ExchangeProperty(ExchangeNames.PUBLICATION) Publication publication) {
        Message message = exchange.getMessage();
        String objectName = message.getHeader(ExchangeNames.OBJECT_NAME, String.class);
        String key = key(objectName);
        message.setHeader(AWS2S3Constants.KEY, key);
        message.setHeader(AWS2S3Constants.CONTENT_TYPE, message.getHeader(ExchangeNames.CONTENT_TYPE));
        Object kind = message.getHeader(ExchangeNames.KIND);
        if (!ExchangeNames.KIND_VIDEO.equals(kind)) {
            byte[] document = ExchangeNames.KIND_SIDECAR.equals(kind)
                    ? message.getBody(String.class).getBytes(StandardCharsets.UTF_8) : message.getBody(byte[].class);
            message.setBody(document);
            message.setHeader(AWS2S3Constants.CONTENT_LENGTH, (long) document.length);
            return;
        }
        abortAbandonedUploads(key);
        exchange.setProperty(ExchangeNames.UPLOAD_STARTED, System.nanoTime());
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
        String key = key(exchange.getMessage().getHeader(ExchangeNames.OBJECT_NAME, String.class));
        client.copyObject(b -> {
            b.sourceBucket(bucket).sourceKey(key).destinationBucket(bucket).destinationKey(key)
                    .metadataDirective(MetadataDirective.REPLACE).metadata(metadata(publication))
                    .contentType("video/mp4");
            if (!storageClass.isBlank()) {
                b.storageClass(storageClass);
            }
        });
    }

    /** Empty when the bucket answers; otherwise what is wrong, naming bucket and endpoint. */
    @Override
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
        meta.putAll(MediaMetadata.of(publication.media()));
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
