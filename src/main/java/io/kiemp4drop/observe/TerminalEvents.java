package io.kiemp4drop.observe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.validation.LogSafe;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON event per task that reaches a terminal state, handed to the notification route
 * (routes/notify.yaml) through an in-memory queue: it never blocks or undoes the transition itself.
 */
public class TerminalEvents {

    private static final Logger LOG = LoggerFactory.getLogger(TerminalEvents.class);
    private static final String QUEUE = "seda:kie-notify?blockWhenFull=false";

    private final CamelContext context;
    private final boolean enabled;
    private final ObjectMapper json = new ObjectMapper();
    private volatile ProducerTemplate template;

    public TerminalEvents(CamelContext context, String notifyUri) {
        this.context = context;
        this.enabled = notifyUri != null && !notifyUri.isBlank();
    }

    public void publish(TaskRecord task) {
        if (!enabled) {
            return;
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("taskId", task.taskId());
        event.put("state", task.state().name());
        event.put("destination", task.destination());
        event.put("bytes", task.bytes());
        event.put("sha256", task.sha256());
        event.put("error", task.lastError());
        try {
            template().asyncSendBody(QUEUE, json.writeValueAsString(event));
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warn("Notification for task {} dropped: {}", task.taskId(), LogSafe.describe(e));
        }
    }

    private ProducerTemplate template() {
        if (template == null) {
            synchronized (this) {
                if (template == null) {
                    template = context.createProducerTemplate();
                }
            }
        }
        return template;
    }
}
