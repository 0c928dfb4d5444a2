package io.kiemp4drop.store;

import io.kiemp4drop.support.DropTestBase;
import io.kiemp4drop.support.Postgres;
import io.kiemp4drop.support.RunningDrop;
import java.nio.file.Path;
import java.util.Map;

/** Replicas: separate bundles in this JVM (own Camel contexts and connection pools) on one real PostgreSQL store. */
abstract class ReplicaTestBase extends DropTestBase {

    /** Settings of replica {@code n}: its own state folder, the shared store, and one drop folder for all. */
    Map<String, String> replica(String jdbcUrl, int n) {
        Path own = home.resolve("replica-" + n);
        Map<String, String> s = RunningDrop.settings(own, kie.baseUrl());
        s.put("kie.store.jdbc-url", jdbcUrl);
        s.put("kie.store.username", Postgres.username());
        s.put("kie.store.password", Postgres.password());
        s.put("kie.drop.dir", home.resolve("drop").toString());
        s.put("kie.failed.dir", home.resolve("drop/failed").toString());
        return s;
    }
}
