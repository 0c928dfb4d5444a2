package io.kiemp4drop.sink;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobStorageException;
import io.kiemp4drop.metrics.KieMetrics;
import io.kiemp4drop.model.ExchangeNames;
import io.kiemp4drop.model.Publication;
import io.kiemp4drop.validation.LogSafe;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.apache.camel.component.azure.storage.blob.BlobConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Azure Blob sink's own logic around the azure-storage-blob endpoint that moves the bytes: blob names from
 * kie.azure.prefix and the object name, content type and metadata for the upload, the "already there with this
 * sha256" check that makes a repeated delivery a no-op, and the container probe behind the readiness check. Error
 * texts name the container, account and endpoint, never a key.
 */
public class AzureBlobSink implements RemoteSink {

    public static final String SINK = "azure-blob";
    private static final Logger LOG = LoggerFactory.getLogger(AzureBlobSink.class);
    private static final String SHA256 = "sha256";

    private final BlobServiceClient client;
    private final BlobServiceClient probeClient;
    private final AzureBlobSettings settings;
    private final KieMetrics metrics;

    /**
     * @param client      for uploads and the "already there?" check (a few quick tries)
     * @param probeClient for the readiness probe (one short try)
     */
    public AzureBlobSink(BlobServiceClient client, BlobServiceClient probeClient, AzureBlobSettings settings, KieMetrics metrics) {
        this.client = client;
        this.probeClient = probeClient;
        this.settings = settings;
        this.metrics = metrics;
    }

    /** How errors name this sink: container, account and endpoint. */
    @Override
    public String target() {
        return "container '" + settings.container() + "' of account '" + settings.account() + "' at " + client.getAccountUrl();
    }

    /** The blob's name: kie.azure.prefix and its object name. */
    public String blobName(@Header(ExchangeNames.OBJECT_NAME) String objectName) {
        return settings.prefix() + objectName;
    }

    /** Where a video is, for the task's record: the blob's URL (its folders kept readable), never with a query or SAS. */
    public String destination(@Header(ExchangeNames.OBJECT_NAME) String objectName) {
        String container = client.getBlobContainerClient(settings.container()).getBlobContainerUrl();
        int query = container.indexOf('?');
        String path = Arrays.stream(blobName(objectName).split("/", -1))
                .map(segment -> URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
        return (query < 0 ? container : container.substring(0, query)) + "/" + path;
    }

    /** Properties request: true when the container already holds this exact video (same sha256 in its metadata, same size). */
    public boolean holdsVideo(@Header(ExchangeNames.OBJECT_NAME) String objectName, @Header(ExchangeNames.SHA256) String sha256,
            @Header(ExchangeNames.BYTES) long bytes, @Header(ExchangeNames.KIE_TASK_ID) String taskId) {
        try {
            BlobProperties properties = blob(objectName).getProperties();
            boolean same = sha256.equals(properties.getMetadata().get(SHA256)) && properties.getBlobSize() == bytes;
            if (same) {
                LOG.info("Task {}: {} already holds this video (same sha256); not uploading it again", taskId,
                        destination(objectName));
            }
            return same;
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404 && !BlobErrorCode.CONTAINER_NOT_FOUND.equals(e.getErrorCode())) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Headers for the azure-storage-blob endpoint: blob name, content type, metadata (sha256, taskid, and the media
     * facts: duration, width, height, codecs). The body
     * stays the spooled file (uploaded from the file in blocks), or the sidecar document as bytes (known length).
     */
    public void prepareUpload(Exchange exchange, @ExchangeProperty(ExchangeNames.PUBLICATION) Publication publication) {
        Message message = exchange.getMessage();
        message.setHeader(BlobConstants.BLOB_NAME, blobName(message.getHeader(ExchangeNames.OBJECT_NAME, String.class)));
        message.setHeader(BlobConstants.BLOB_HTTP_HEADERS,
                new BlobHttpHeaders().setContentType(message.getHeader(ExchangeNames.CONTENT_TYPE, String.class)));
        Map<String, String> metadata = new LinkedHashMap<>(Map.of(SHA256, publication.sha256(), "taskid", publication.taskId()));
        metadata.putAll(MediaMetadata.of(publication.media()));
        message.setHeader(BlobConstants.METADATA, metadata);
        if (!ExchangeNames.KIND_VIDEO.equals(message.getHeader(ExchangeNames.KIND))) {
            // the sidecar or the poster frame, both small
            message.setBody(message.getBody(byte[].class));
        } else {
            exchange.setProperty(ExchangeNames.UPLOAD_STARTED, System.nanoTime());
        }
    }

    /** After the video's upload: its duration into kie_upload_seconds. */
    public void uploaded(@ExchangeProperty(ExchangeNames.UPLOAD_STARTED) Long started) {
        if (started != null) {
            metrics.upload(Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** Empty when the container answers; otherwise what is wrong, naming container, account and endpoint. */
    @Override
    public Optional<String> probe() {
        try {
            if (probeClient.getBlobContainerClient(settings.container()).exists()) {
                return Optional.empty();
            }
            return Optional.of("Azure Blob sink: no " + target());
        } catch (RuntimeException e) {
            return Optional.of("Azure Blob sink cannot reach " + target() + ": " + LogSafe.describe(e));
        }
    }

    /** Start-up: says whether the sink is usable. Polling goes on either way. */
    public void checkAtStartup() {
        probe().ifPresentOrElse(problem -> LOG.error("Azure Blob sink DOWN: {}. Polling goes on; finished videos wait in "
                + "the spool and are uploaded once the container is reachable", problem),
                () -> LOG.info("Azure Blob sink UP: {}", target()));
    }

    private BlobClient blob(String objectName) {
        return client.getBlobContainerClient(settings.container()).getBlobClient(blobName(objectName));
    }
}
