package io.kiemp4drop.support;

import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.test.AvailablePortFinder;

/**
 * Free ports for servers a test starts by port number. Taken below Linux's ephemeral range (32768 and up),
 * where outgoing connections get their local ports, so none can take the port between the pick and the bind.
 */
public final class Ports {

    private Ports() {
    }

    /** Prints a free port, for scripts (bench/run) that start a server by port number. */
    public static void main(String[] args) {
        System.out.println(free());
    }

    public static int free() {
        return AvailablePortFinder.getNextAvailable(20000 + ThreadLocalRandom.current().nextInt(10000), 32767);
    }
}
