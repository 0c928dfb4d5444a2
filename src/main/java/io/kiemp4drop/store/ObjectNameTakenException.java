package io.kiemp4drop.store;

/** kie.object-name gave a task a name another task holds already: the first keeps it, this one cannot be published. */
public class ObjectNameTakenException extends RuntimeException {

    public ObjectNameTakenException(String name, String holder) {
        super("object name '" + name + "' (kie.object-name) is already taken by " + holder);
    }
}
