package io.kiemp4drop.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;

/** Connection pools for the task store. */
public final class DataSources {

    private DataSources() {
    }

    /**
     * The embedded default: an H2 file database in {@code stateDir}, in PostgreSQL mode so the same SQL
     * runs on both. An OS file lock (released even when the process is killed) keeps a second process
     * from opening the same state folder. H2 writes commits to its file in the background, up to a second
     * late; the store makes the commits that must survive a killed process durable itself (see Database).
     */
    public static HikariDataSource embedded(Path stateDir, int poolSize) {
        try {
            Files.createDirectories(stateDir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create kie.state.dir " + stateDir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("kie-task-store");
        config.setJdbcUrl("jdbc:h2:file:" + stateDir.toAbsolutePath().resolve("kie-tasks")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE;FILE_LOCK=FS");
        config.setUsername("sa");
        config.setPassword("");
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(1);
        return new HikariDataSource(config);
    }

    /** A shared PostgreSQL store (kie.store.jdbc-url): the coordinator of several replicas. */
    public static HikariDataSource shared(String jdbcUrl, String username, String password, int poolSize) {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new io.kiemp4drop.validation.ConfigurationProblem(
                    "kie.store.jdbc-url must be a PostgreSQL URL (jdbc:postgresql://host:5432/db)");
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("kie-task-store");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(1);
        return new HikariDataSource(config);
    }
}
