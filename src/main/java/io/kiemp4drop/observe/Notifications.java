package io.kiemp4drop.observe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.model.Notification;
import io.kiemp4drop.poll.Backoff;
import io.kiemp4drop.store.TaskStore;
import io.kiemp4drop.validation.LogSafe;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the notifications the task store owes (routes/notify.yaml): one JSON event per task that reached
 * a final state. The store writes them with the state change, so a stop or a crash never loses one; a
 * refused event is tried again with back-off, from any replica, until {@code kie.notify.max-attempts}.
 */
public class Notifications {

    /** Exchange property: the store's ID of the notification being sent. */
    public static final String ID = "kieNotificationId";
    private static final String ATTEMPT = "kieNotificationAttempt";
    private static final String TASK = "kieNotificationTask";
    private static final Logger LOG = LoggerFactory.getLogger(Notifications.class);
    private static final Pattern URL_TAIL = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^/\\s?#]+)[^\\s]*");

    private final TaskStore store;
    private final Backoff backoff;
    private final int maxAttempts;
    private final int batchSize;
    private final ObjectMapper json = new ObjectMapper();

    public Notifications(TaskStore store, Backoff backoff, int maxAttempts, int batchSize) {
        this.store = store;
        this.backoff = backoff;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.batchSize = batchSize;
    }

    /** The notifications due now, leased to this replica. */
    public List<Notification> due() {
        return store.claimNotifications(batchSize);
    }

    /** Turns one owed notification into the JSON event the endpoint receives. */
    public void prepare(Exchange exchange) throws JsonProcessingException {
        Notification notification = exchange.getMessage().getBody(Notification.class);
        exchange.setProperty(ID, notification.id());
        exchange.setProperty(ATTEMPT, notification.attempts() + 1);
        exchange.setProperty(TASK, notification.task().taskId());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("taskId", notification.task().taskId());
        event.put("state", notification.state().name());
        event.put("destination", notification.task().destination());
        event.put("bytes", notification.task().bytes());
        event.put("sha256", notification.task().sha256());
        event.put("error", notification.task().lastError());
        exchange.getMessage().setBody(json.writeValueAsString(event));
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        // camel-http would send a GET without the event to a URL that has a query string (?token=...)
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
    }

    public void sent(Exchange exchange) {
        store.notificationSent(exchange.getProperty(ID, Long.class));
    }

    /** The endpoint refused or could not be reached: back off, or give up after the last attempt. */
    public void failed(Exchange exchange) {
        String why = describe(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        Long id = exchange.getProperty(ID, Long.class);
        if (id == null) {
            LOG.warn("Could not read the notifications owed: {}; next try at the next tick", why);
            return;
        }
        String taskId = exchange.getProperty(TASK, String.class);
        int attempt = exchange.getProperty(ATTEMPT, Integer.class);
        if (attempt >= maxAttempts) {
            store.dropNotification(id);
            LOG.error("Notification for task {} dropped after {} attempts (kie.notify.max-attempts): {}", taskId, attempt, why);
            return;
        }
        Duration delay = backoff.delay(attempt);
        store.notificationFailed(id, delay);
        LOG.warn("Notification for task {} failed (attempt {} of {}): {}; next try in {} s", taskId, attempt, maxAttempts,
                why, String.format(java.util.Locale.ROOT, "%.1f", delay.toMillis() / 1000.0));
    }

    /**
     * Why the endpoint failed, without its path or query: webhook URLs often carry their secret there, and
     * camel-http puts the whole URL into its error messages.
     */
    static String describe(Throwable error) {
        if (error instanceof HttpOperationFailedException refused) {
            return "the endpoint answered HTTP " + refused.getStatusCode();
        }
        return URL_TAIL.matcher(LogSafe.describe(error)).replaceAll("$1/...");
    }
}
