package io.kiemp4drop.store;

import java.util.List;
import java.util.Optional;

/**
 * The object names (kie.object-name) given to tasks. A task's name is fixed the first time it is published, so
 * a retry on another day or replica uses the same one ({deliverDate} does not move), and no two tasks share a
 * name: the second one to ask is told who holds it.
 */
public class ObjectNames {

    private final Database db;

    public ObjectNames(Database db) {
        this.db = db;
    }

    public Optional<String> nameOf(String taskId) {
        return db.query("SELECT name FROM kie_object_name WHERE task_id = ?", rs -> rs.getString(1), taskId).stream()
                .findFirst();
    }

    /**
     * Gives {@code name} to the task, durably, unless the task holds a name already (that one is returned).
     * Throws {@link ObjectNameTakenException} when another task holds {@code name}.
     */
    public String claim(String taskId, String name) {
        try {
            db.durableUpdate("INSERT INTO kie_object_name (name, task_id) SELECT ?, ? WHERE NOT EXISTS "
                    + "(SELECT 1 FROM kie_object_name WHERE task_id = ?)", name, taskId, taskId);
        } catch (StoreException e) {
            if (!e.isDuplicateKey()) {
                throw e;
            }
        }
        Optional<String> held = nameOf(taskId);
        if (held.isPresent()) {
            return held.get();
        }
        List<String> holder = db.query("SELECT task_id FROM kie_object_name WHERE name = ?", rs -> rs.getString(1), name);
        throw new ObjectNameTakenException(name, holder.isEmpty() ? "another task" : "task " + holder.get(0));
    }
}
