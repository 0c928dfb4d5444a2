package io.kiemp4drop.sink;

import java.util.Optional;

/** A sink on another server (a bucket, an SFTP server, a container), which a readiness check can probe. */
public interface RemoteSink {

    /** How errors and health name it, never with a credential. */
    String target();

    /** Empty when the sink's server answers and the sink can write there; otherwise what is wrong. */
    Optional<String> probe();
}
