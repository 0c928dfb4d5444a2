package io.kiemp4drop.support;

import java.util.List;

/** Measurements over the times (epoch millis, sorted) at which a server received requests. */
public final class RequestTimes {

    private RequestTimes() {
    }

    /**
     * The most requests inside any rolling window of {@code windowMillis}, counting windows that start after
     * the first second of traffic: the very first connections of a run carry set-up latency between permit
     * and wire. Measured at the server, a request granted on time can still arrive late (a descheduled
     * thread, a GC pause); a window of a few seconds absorbs that without hiding a cap that is not applied.
     */
    public static int busiest(List<Long> sortedTimes, long windowMillis) {
        int busiest = 0;
        for (int i = 0; i < sortedTimes.size(); i++) {
            if (sortedTimes.get(i) - sortedTimes.get(0) < 1000) {
                continue;
            }
            int j = i;
            while (j < sortedTimes.size() && sortedTimes.get(j) - sortedTimes.get(i) < windowMillis) {
                j++;
            }
            busiest = Math.max(busiest, j - i);
        }
        return busiest;
    }
}
