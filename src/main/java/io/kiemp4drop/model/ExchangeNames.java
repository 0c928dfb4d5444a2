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
    /** true when a delivery resumes from the spool: the video is checked already, no download. */
    public static final String SPOOLED = "spooled";
    /** The checked video on its way through the sinks ({@link Publication}). */
    public static final String PUBLICATION = "publication";
    /** How error lines name the sink being written (the drop folder, S3). */
    public static final String SINK = "sink";
    /** Where that sink writes (bucket and endpoint), for error lines. */
    public static final String SINK_TARGET = "sinkTarget";
    /** When the S3 upload of the video started (System.nanoTime), for kie_upload_seconds. */
    public static final String UPLOAD_STARTED = "uploadStarted";
    /** true when a callback named a task the store did not know yet. */
    public static final String NEW_TASK = "newTask";
    /** The owed notification being sent ({@link Notification}). */
    public static final String NOTIFICATION = "notification";

    private ExchangeNames() {
    }
}
