package io.kiemp4drop.store;

import java.net.InetAddress;
import java.util.UUID;

/** Lease owner IDs: generated per process, or configured (kie.store.owner) and checked. */
public final class ReplicaId {

    private static final java.util.regex.Pattern VALID = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private ReplicaId() {
    }

    /**
     * A configured owner ID, checked: it names spool files and is stored in the lease columns, so only
     * letters, digits, '-' and '_', at most 64 (a Kubernetes pod name fits).
     */
    public static String configured(String owner) {
        if (!VALID.matcher(owner).matches()) {
            throw new io.kiemp4drop.validation.ConfigurationProblem("kie.store.owner must be 1 to 64 letters, digits, '-' or '_', not "
                    + io.kiemp4drop.validation.LogSafe.quote(owner));
        }
        return owner;
    }

    /** A lease owner ID unique to this process: host name plus a random part, so two processes never share one. */
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
