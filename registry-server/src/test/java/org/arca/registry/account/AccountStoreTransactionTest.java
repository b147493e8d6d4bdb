package org.arca.registry.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.arca.registry.auth.Action;
import org.arca.registry.auth.Role;
import org.arca.registry.metadata.Database;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.Test;

/**
 * The account repositories run inside {@link Database}'s units of work: they see what the unit wrote on its
 * connection, and a failure later in the unit rolls back what they wrote.
 */
class AccountStoreTransactionTest {

  @Test
  void repositoriesJoinTheUnitOfWorkOnH2() throws Exception {
    joinsTheUnitOfWork(TestDatabases.h2());
  }

  @Test
  void repositoriesJoinTheUnitOfWorkOnPostgres() throws Exception {
    joinsTheUnitOfWork(TestDatabases.postgres());
  }

  private static void joinsTheUnitOfWork(Map<String, String> properties) throws Exception {
    try (ApplicationContext context = ApplicationContext.run(new HashMap<String, Object>(properties), "test")) {
      Database database = context.getBean(Database.class);
      AccountStore store = context.getBean(AccountStore.class);

      IllegalStateException failure = assertThrows(IllegalStateException.class, () -> database.write(c -> {
        store.insertAccount(c, organization("written-by-repository"));
        try (PreparedStatement s = c.prepareStatement("SELECT kind FROM account WHERE name = ?")) {
          s.setString(1, "written-by-repository");
          try (ResultSet r = s.executeQuery()) {
            assertTrue(r.next(), "the repository's insert is visible on the unit's connection");
            assertEquals("ORGANIZATION", r.getString(1));
          }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO account (name, kind, default_visibility,"
            + " credentials_version, disabled, created_at) VALUES ('written-by-hand', 'USER', 'PUBLIC', 0, FALSE,"
            + " CURRENT_TIMESTAMP)")) {
          s.executeUpdate();
        }
        assertTrue(store.account(c, "written-by-hand").isPresent(),
            "the repository reads what the unit wrote by hand: it runs in the same transaction");
        throw new IllegalStateException("the unit of work fails after both writes");
      }));
      assertEquals("the unit of work fails after both writes", failure.getMessage());

      assertEquals(Optional.empty(), database.read(c -> store.account(c, "written-by-repository")));
      assertEquals(Optional.empty(), database.read(c -> store.account(c, "written-by-hand")));

      database.write(c -> {
        store.insertAccount(c, organization("committed"));
        return null;
      });
      assertFalse(database.read(c -> store.account(c, "committed")).isEmpty(), "a unit that succeeds commits");

      roundTripsEveryColumn(database, store);
      aTakenNameFailsWithTheDatabasesOwnState(database, store);
    }
  }

  /** Enums, nulls, instants and the comma-separated columns read back as they were written. */
  private static void roundTripsEveryColumn(Database database, AccountStore store) {
    Account user = new Account(0, "round-trip", Account.Kind.USER, "r@example.org", "0000-0002-1825-0097",
        "Round Trip", "hash", Role.ADMIN, Visibility.PRIVATE, 3, true, Instant.parse("2026-12-07T12:34:56Z"));
    database.write(c -> {
      store.insertAccount(c, user);
      return null;
    });
    Account stored = database.read(c -> store.account(c, "round-trip")).orElseThrow();
    assertEquals(user, new Account(0, stored.name(), stored.kind(), stored.email(), stored.orcid(),
        stored.displayName(), stored.passwordHash(), stored.role(), stored.defaultVisibility(),
        stored.credentialsVersion(), stored.disabled(), stored.createdAt()));

    Robot robot = new Robot(0, "round-trip+ci", stored.id(), "ab".repeat(32), EnumSet.of(Action.PULL, Action.PUSH),
        List.of("round-trip", "committed"), null, "round-trip", Instant.parse("2026-12-07T12:00:00Z"),
        Instant.parse("2027-01-01T00:00:00Z"), null);
    database.write(c -> {
      store.insertRobot(c, robot);
      return null;
    });
    Robot read = database.read(c -> store.robot(c, "round-trip+ci")).orElseThrow();
    assertEquals(robot, new Robot(0, read.name(), read.ownerId(), read.tokenHash(), read.actions(), read.namespaces(),
        read.description(), read.createdBy(), read.createdAt(), read.expiresAt(), read.revokedAt()));
    Instant revoked = Instant.parse("2026-12-08T00:00:00Z");
    boolean first = database.write(c -> store.revokeRobot(c, read.id(), revoked));
    boolean second = database.write(c -> store.revokeRobot(c, read.id(), revoked.plusSeconds(60)));
    assertTrue(first);
    assertFalse(second, "a robot is revoked once");
    assertEquals(revoked, database.read(c -> store.robot(c, "round-trip+ci")).orElseThrow().revokedAt());
  }

  /** Callers tell a taken name by the SQLSTATE, and Database retries by it: it must survive the repositories. */
  private static void aTakenNameFailsWithTheDatabasesOwnState(Database database, AccountStore store) {
    Database.DatabaseException e = assertThrows(Database.DatabaseException.class, () -> database.write(c -> {
      store.insertAccount(c, organization("committed"));
      return null;
    }));
    assertEquals("23505", e.sqlState());
  }

  private static Account organization(String name) {
    return new Account(0, name, Account.Kind.ORGANIZATION, null, null, null, null, null, Visibility.PUBLIC, 0, false,
        Instant.parse("2026-12-07T12:00:00Z"));
  }
}
