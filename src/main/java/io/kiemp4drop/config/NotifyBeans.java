package io.kiemp4drop.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.notify.Notifications;
import io.kiemp4drop.retry.Backoff;
import io.kiemp4drop.store.GenerationLedger;
import io.kiemp4drop.store.NotificationOutbox;
import java.time.Duration;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/** Final-state notifications to kie.notify.uri. */
public class NotifyBeans implements CamelConfiguration {

    /** A refused event is tried again after 1 s, doubling up to 1 min. */
    @BindToRegistry("notifyBackoff")
    public Backoff notifyBackoff() {
        return new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1));
    }

    @BindToRegistry("notifications")
    public Notifications notifications(NotificationOutbox outbox, @BeanInject("notifyBackoff") Backoff backoff,
            @PropertyInject("kie.notify.max-attempts") int maxAttempts, @BeanInject("kieJson") ObjectMapper json,
            GenerationLedger generations) {
        return new Notifications(outbox, backoff, maxAttempts, json, generations);
    }
}
