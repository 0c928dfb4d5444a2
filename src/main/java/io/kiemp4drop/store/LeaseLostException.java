package io.kiemp4drop.store;

/** This replica no longer holds the task's lease: another one took the task over, so this one stops. */
public class LeaseLostException extends RuntimeException {

    public LeaseLostException(String taskId) {
        super("task " + taskId + " is now leased by another replica");
    }
}
