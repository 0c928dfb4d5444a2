package io.kiemp4drop.bench;

import io.kiemp4drop.support.Postgres;
import java.nio.file.Files;
import java.nio.file.Path;

/** A PostgreSQL server for the scaling benchmark. {@code java -cp … PostgresMain URL_FILE} writes a fresh database's JDBC URL. */
public final class PostgresMain {

    private PostgresMain() {
    }

    public static void main(String[] args) throws Exception {
        Files.writeString(Path.of(args[0]), Postgres.freshDatabase());
        Thread.currentThread().join();
    }
}
