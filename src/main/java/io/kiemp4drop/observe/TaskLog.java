package io.kiemp4drop.observe;

import org.slf4j.Logger;
import org.slf4j.MDC;

/** State transitions: one log line each, with the task ID in the MDC ({@code taskId}) for log shippers. */
public final class TaskLog {

    private TaskLog() {
    }

    public static void info(Logger log, String taskId, String message, Object... args) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable("taskId", taskId)) {
            log.info(message, args);
        }
    }

    public static void warn(Logger log, String taskId, String message, Object... args) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable("taskId", taskId)) {
            log.warn(message, args);
        }
    }
}
