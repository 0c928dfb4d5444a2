package io.kiemp4drop.demo;

import java.util.concurrent.atomic.AtomicLong;

/** What the simulator was asked, for scripts ({@code GET /control/stats}) and tests. */
final class SimulatorCounters {

    private final AtomicLong recordInfoRequests = new AtomicLong();
    private final AtomicLong fileRequests = new AtomicLong();
    private final AtomicLong firstRequestAt = new AtomicLong();

    void recordInfoRequest() {
        recordInfoRequests.incrementAndGet();
        firstRequestAt.compareAndSet(0, System.currentTimeMillis());
    }

    void fileRequest() {
        fileRequests.incrementAndGet();
    }

    long fileRequests() {
        return fileRequests.get();
    }

    /** "recordInfoRequests fileRequests firstRequestEpochMs". */
    String stats() {
        return recordInfoRequests.get() + " " + fileRequests.get() + " " + firstRequestAt.get();
    }

    void reset() {
        recordInfoRequests.set(0);
        fileRequests.set(0);
        firstRequestAt.set(0);
    }
}
