package io.kiemp4drop.delivery;

import io.kiemp4drop.sink.ObjectNameTemplate;
import io.kiemp4drop.store.ObjectNames;
import java.time.Instant;
import java.util.Map;

/** A task's object name: the one it was given when first published, else a new one from kie.object-name. */
public class ObjectNaming {

    private final ObjectNameTemplate template;
    private final ObjectNames names;

    public ObjectNaming(ObjectNameTemplate template, ObjectNames names) {
        this.template = template;
        this.names = names;
    }

    /** Throws ObjectNameTakenException when another task holds the name the template gives. */
    String nameFor(String taskId, Map<String, Object> record) {
        return names.nameOf(taskId).orElseGet(() -> names.claim(taskId, template.resolve(taskId, record, Instant.now())));
    }
}
