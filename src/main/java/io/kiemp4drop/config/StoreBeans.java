package io.kiemp4drop.config;

import com.zaxxer.hikari.HikariDataSource;
import io.kiemp4drop.store.DataSources;
import io.kiemp4drop.store.Database;
import io.kiemp4drop.store.Lease;
import io.kiemp4drop.store.ReplicaId;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/** The task store's connection: the embedded H2 database, or a shared PostgreSQL (kie.store.jdbc-url); this replica's lease. */
public class StoreBeans implements CamelConfiguration {

    @BindToRegistry(value = "taskDataSource", destroyMethod = "close")
    public HikariDataSource taskDataSource(@PropertyInject("kie.store.jdbc-url") String jdbcUrl,
            @PropertyInject("kie.store.username") String username, @PropertyInject("kie.store.password") String password,
            @PropertyInject("kie.state.dir") String stateDir, @PropertyInject("kie.poll.concurrency") int pollConcurrency,
            @PropertyInject("kie.download.concurrency") int downloadConcurrency) {
        int poolSize = pollConcurrency + downloadConcurrency + 4;
        return jdbcUrl.isBlank() ? DataSources.embedded(Path.of(stateDir), poolSize)
                : DataSources.shared(jdbcUrl, username, password, poolSize);
    }

    @BindToRegistry("taskDatabase")
    public Database taskDatabase(HikariDataSource taskDataSource) {
        return new Database(taskDataSource);
    }

    /** This replica's lease owner ID: kie.store.owner, or one new at every start. */
    @BindToRegistry("lease")
    public Lease lease(@PropertyInject("kie.store.owner") String owner, @PropertyInject("kie.store.lease") Duration length) {
        return new Lease(owner.isBlank() ? ReplicaId.generate() : ReplicaId.configured(owner), length);
    }
}
