package io.kiemp4drop.poll;

/** Names the poll routes and their beans share. */
public final class PollRoutes {

    /** Exchange property holding the validated task ID an exchange is about. */
    public static final String TASK_ID = "kieTaskId";

    private PollRoutes() {
    }
}
