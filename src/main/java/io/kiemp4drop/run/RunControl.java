package io.kiemp4drop.run;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** How the process ends: the exit code it reports and the hook that stops it. */
public class RunControl {

    public static final int OK = 0;
    public static final int SOME_TASKS_FAILED = 1;
    public static final int CONFIGURATION_ERROR = 2;

    private final AtomicInteger exitCode = new AtomicInteger(OK);
    private final AtomicBoolean finishing = new AtomicBoolean();
    private final Runnable stop;

    public RunControl(Runnable stop) {
        this.stop = stop;
    }

    /** Stops the process once, with the given exit code. Returns false when a stop was already requested. */
    public boolean finish(int code) {
        if (!finishing.compareAndSet(false, true)) {
            return false;
        }
        exitCode.set(code);
        stop.run();
        return true;
    }

    public boolean isFinishing() {
        return finishing.get();
    }

    public int exitCode() {
        return exitCode.get();
    }
}
