package io.kiemp4drop.store;

import java.sql.SQLException;

/** The task store could not be read or written. */
public class StoreException extends RuntimeException {

    public StoreException(SQLException cause) {
        super("task store error: " + cause.getMessage(), cause);
    }

    boolean isDuplicateKey() {
        return getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState());
    }
}
