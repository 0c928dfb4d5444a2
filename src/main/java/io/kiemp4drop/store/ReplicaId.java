package io.kiemp4drop.store;

import java.net.InetAddress;
import java.util.UUID;

/** A lease owner ID unique to this process: host name plus a random part, so two processes never share one. */
public final class ReplicaId {

    private ReplicaId() {
    }

    public static String generate() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "replica";
        }
        host = host.replaceAll("[^A-Za-z0-9_-]", "-");
        return (host.length() > 40 ? host.substring(0, 40) : host) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
