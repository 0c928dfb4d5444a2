package io.kiemp4drop.support;

import static org.awaitility.Awaitility.await;

import io.kiemp4drop.model.TaskRecord;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.store.NotificationOutbox;
import io.kiemp4drop.store.TaskReads;
import io.kiemp4drop.store.TaskRegistry;
import java.time.Duration;
import java.util.Optional;
import org.apache.camel.CamelContext;

/** What a test reads and adds through a running bundle's beans, however it was started. */
public interface RunningBundle {

    CamelContext context();

    default <T> T bean(String name, Class<T> type) {
        return context().getRegistry().lookupByNameAndType(name, type);
    }

    default TaskReads tasks() {
        return bean("taskReads", TaskReads.class);
    }

    default void addTask(String taskId) {
        bean("taskRegistry", TaskRegistry.class).add(taskId, "test");
    }

    default long notificationsOwed() {
        return bean("notificationOutbox", NotificationOutbox.class).countOwed();
    }

    default Optional<TaskRecord> task(String taskId) {
        return tasks().find(taskId);
    }

    default TaskState state(String taskId) {
        return task(taskId).map(TaskRecord::state).orElse(null);
    }

    default TaskRecord awaitState(String taskId, TaskState expected) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> state(taskId) == expected);
        return task(taskId).orElseThrow();
    }
}
