package org.arca.registry.account;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.List;
import java.util.Optional;
import org.arca.registry.auth.Role;

/** Rows of {@code account}; queries are generated at compile time in portable (ANSI) SQL for H2 and PostgreSQL. */
@JdbcRepository(dialect = Dialect.ANSI)
interface AccountRepository extends GenericRepository<Account, Long> {

  Optional<Account> findByName(String name);

  List<Account> findByKindOrderByName(Account.Kind kind);

  boolean existsByRole(Role role);

  Account save(Account account);

  /** Writes every mutable field: the name, kind and creation time never change. */
  void update(@Id long id, @Nullable String email, @Nullable String orcid, @Nullable String displayName,
      @Nullable String passwordHash, @Nullable Role role, Visibility defaultVisibility, int credentialsVersion,
      boolean disabled);

  int deleteById(long id);

  /** Every namespace, projected onto its name and default visibility. */
  List<NamespaceVisibility> queryAll();

  /** A namespace with the visibility of its repositories that did not choose their own. */
  @Introspected
  record NamespaceVisibility(String name, Visibility defaultVisibility) {
  }
}
