package org.arca.registry.metadata;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import org.arca.registry.storage.DiskSpace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs units of work in transactions of the metadata database (H2 or PostgreSQL). SQL stays portable: instead of
 * dialect-specific upserts, work reads, then inserts, and a transaction that loses a race on a unique key is run
 * again from the start, when it will see the winner's row. Writes to an embedded database are refused while its disk
 * is below the reserve ({@link DiskSpace}).
 */
@Singleton
public final class Database {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  private static final int ATTEMPTS = 5;

  private final TransactionOperations<Connection> transactions;
  private final DiskSpace disk;

  public Database(TransactionOperations<Connection> transactions, DiskSpace disk) {
    this.transactions = transactions;
    this.disk = disk;
  }

  /** A unit of work on one connection. */
  @FunctionalInterface
  public interface Work<R> {
    R run(Connection connection) throws SQLException;
  }

  public <R> R read(Work<R> work) {
    return transactions.executeRead(status -> call(work, status.getConnection()));
  }

  /** Runs {@code work} in a write transaction, again (up to a few times) when it lost a race with another writer. */
  public <R> R write(Work<R> work) {
    // An embedded H2 that fails a write for lack of space closes itself, and then even reads fail: keep the reserve
    // for it by changing nothing while the disk is below it.
    disk.requireRoomForDatabase("change the registry");
    for (int attempt = 1; ; attempt++) {
      try {
        return transactions.executeWrite(status -> call(work, status.getConnection()));
      } catch (DatabaseException e) {
        if (attempt >= ATTEMPTS || !e.isRetryable()) {
          throw e;
        }
        LOG.debug("transaction lost a race ({}), running it again", e.getMessage());
      }
    }
  }

  private static <R> R call(Work<R> work, Connection connection) {
    try {
      return work.run(connection);
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  /** A database failure, unchecked so it can cross transaction callbacks. */
  public static final class DatabaseException extends RuntimeException {
    private final String sqlState;

    DatabaseException(SQLException cause) {
      super(cause.getMessage(), cause);
      this.sqlState = cause.getSQLState();
    }

    /** The SQLSTATE of the failure: its class (first two characters) says whose fault it was. */
    public String sqlState() {
      return sqlState;
    }

    /** Unique violation, serialization failure, deadlock or (H2) lock timeout: the work may succeed when run again. */
    boolean isRetryable() {
      return "23505".equals(sqlState) || "40001".equals(sqlState) || "40P01".equals(sqlState)
          || "HYT00".equals(sqlState);
    }
  }
}
