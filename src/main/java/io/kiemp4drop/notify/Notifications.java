package io.kiemp4drop.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.model.ExchangeNames;
import io.kiemp4drop.model.Notification;
import io.kiemp4drop.retry.Backoff;
import io.kiemp4drop.reports.RecordJson;
import io.kiemp4drop.store.GenerationLedger;
import io.kiemp4drop.store.NotificationOutbox;
import io.kiemp4drop.validation.LogSafe;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifications the task store owes (routes/notify.camel.yaml): one event per task that reached a final
 * state. The store writes each one with the state change, so a stop or a crash never loses one; a refused
 * event is tried again with back-off, from any replica, until kie.notify.max-attempts.
 */
public class Notifications {

    private static final Logger LOG = LoggerFactory.getLogger(Notifications.class);
    private static final Pattern URL_TAIL = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^/\\s?#]+)[^\\s]*");

    private final NotificationOutbox outbox;
    private final Backoff backoff;
    private final int maxAttempts;
    private final ObjectMapper json;
    private final GenerationLedger generations;

    public Notifications(NotificationOutbox outbox, Backoff backoff, int maxAttempts, ObjectMapper json,
            GenerationLedger generations) {
        this.outbox = outbox;
        this.generations = generations;
        this.json = json;
        this.backoff = backoff;
        this.maxAttempts = Math.max(1, maxAttempts);
    }

    /** The event the endpoint receives (marshalled to JSON by the route). */
    public Map<String, Object> event(@ExchangeProperty(ExchangeNames.NOTIFICATION) Notification notification) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("taskId", notification.task().taskId());
        event.put("state", notification.state().name());
        event.put("destination", notification.task().destination());
        event.put("bytes", notification.task().bytes());
        event.put("sha256", notification.task().sha256());
        event.put("media", notification.task().mediaJson() == null ? null : RecordJson.parse(json, notification.task().mediaJson()));
        event.put("error", notification.task().lastError());
        generations.forTask(notification.task().taskId()).ifPresent(g -> {
            event.put("musicTaskId", g.musicTaskId());
            event.put("audioId", g.audioId());
            event.put("author", g.author());
            event.put("domainName", g.domainName());
        });
        return event;
    }

    /** The endpoint took the event: it is not owed any more. */
    public void sent(@ExchangeProperty(ExchangeNames.NOTIFICATION) Notification notification) {
        outbox.sent(notification.id());
    }

    /** The endpoint refused or could not be reached: back off, or give up after the last attempt. */
    public void failed(Exchange exchange) {
        String why = describe(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        Notification notification = exchange.getProperty(ExchangeNames.NOTIFICATION, Notification.class);
        if (notification == null) {
            LOG.warn("Could not read the notifications owed: {}; next try at the next tick", why);
            return;
        }
        String taskId = notification.task().taskId();
        int attempt = notification.attempts() + 1;
        if (attempt >= maxAttempts) {
            outbox.drop(notification.id());
            LOG.error("Notification for task {} dropped after {} attempts (kie.notify.max-attempts): {}", taskId, attempt, why);
            return;
        }
        Duration delay = backoff.delay(attempt);
        outbox.failed(notification.id(), delay);
        LOG.warn("Notification for task {} failed (attempt {} of {}): {}; next try in {} s", taskId, attempt, maxAttempts,
                why, String.format(Locale.ROOT, "%.1f", delay.toMillis() / 1000.0));
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
