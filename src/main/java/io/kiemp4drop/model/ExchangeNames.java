package io.kiemp4drop.model;

/**
 * The exchange properties the routes and the beans share. Route files use the same literals
 * ({@code ${exchangeProperty.taskId}}); the build checks that every name a route uses is declared here.
 * {@link #TASK_ID} is also the MDC key of every log line of a task's exchange (camel.mdc.custom-properties).
 */
public final class ExchangeNames {

    /** The validated task ID the exchange is about. */
    public static final String TASK_ID = "taskId";
    /** The record-info data of a task whose delivery starts ({@link RecordInfo}). */
    public static final String RECORD = "record";
    /** The generation request a generate-route exchange is sending. */
    public static final String GENERATION = "generation";
    /** The inbox CSV file of songs an intake exchange has read (rows and refused lines). */
    public static final String GENERATION_CSV = "generationCsv";
    /** The HTTP status a refused direct video link answered, kept while kie.ai is asked for a fresh link. */
    public static final String DIRECT_LINK_STATUS = "directLinkStatus";
    /** true when a delivery resumes from the spool: the video is checked already, no download. */
    public static final String SPOOLED = "spooled";
    /** The checked video on its way through the sinks ({@link Publication}). */
    public static final String PUBLICATION = "publication";
    /** The name of the sink being served (file, s3, or a user's own): its route is direct:sink-{name}. */
    public static final String SINK = "sink";
    /** Where that sink writes (the drop folder, bucket and endpoint), for error lines; set by the sink's route. */
    public static final String SINK_TARGET = "sinkTarget";
    /** When the S3 upload of the video started (System.nanoTime), for kie_upload_seconds. */
    public static final String UPLOAD_STARTED = "uploadStarted";
    /** true when a callback named a task the store did not know yet. */
    public static final String NEW_TASK = "newTask";
    /** The owed notification being sent ({@link Notification}). */
    public static final String NOTIFICATION = "notification";

    // The headers of the sink contract: a sink route receives these and the body, nothing else.
    /** sidecar (body: the sidecar JSON as a String), then video (body: the checked spooled video as a java.io.File). */
    public static final String KIND = "KieKind";
    public static final String KIND_SIDECAR = "sidecar";
    public static final String KIND_VIDEO = "video";
    public static final String KIE_TASK_ID = "KieTaskId";
    /** The object's relative name from kie.object-name, with .mp4 or .json. */
    public static final String OBJECT_NAME = "KieObjectName";
    public static final String SHA256 = "KieSha256";
    /** Size of the video in bytes (on both calls). */
    public static final String BYTES = "KieBytes";
    public static final String CONTENT_TYPE = "KieContentType";
    /** Optional, set by a sink on its video call: where the video now is (a path, a URL), for the task's record. */
    public static final String DESTINATION = "KieDestination";

    private ExchangeNames() {
    }
}
