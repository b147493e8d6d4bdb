package org.arca.registry.account;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.List;
import java.util.Optional;

/**
 * Rows of {@code repository_grant}, and the {@code visibility} column of {@code repository}: the repository table
 * belongs to the metadata store, so only that column is read and written here, by hand-written queries.
 */
@JdbcRepository(dialect = Dialect.ANSI)
interface RepositoryGrantRepository extends GenericRepository<RepositoryGrant, RepositoryGrant.Key> {

  RepositoryGrant save(RepositoryGrant grant);

  int deleteById(RepositoryGrant.Key key);

  @Query("SELECT g.actions FROM repository_grant g JOIN repository r ON r.id = g.repository_id"
      + " WHERE r.name = :repository AND g.account_id = :accountId")
  Optional<String> findActions(String repository, long accountId);

  @Query("SELECT a.name, g.actions FROM repository_grant g JOIN account a ON a.id = g.account_id"
      + " WHERE g.repository_id = :repositoryId ORDER BY a.name")
  List<NamedActions> findGrantsOn(long repositoryId);

  @Query("SELECT r.name FROM repository_grant g JOIN repository r ON r.id = g.repository_id"
      + " WHERE g.account_id = :accountId ORDER BY r.name")
  List<String> findRepositoriesGrantedTo(long accountId);

  @Query("SELECT name, visibility FROM repository WHERE name = :repository")
  Optional<RepositoryVisibility> findVisibility(String repository);

  @Query("SELECT name, visibility FROM repository")
  List<RepositoryVisibility> findVisibilities();

  @Query("UPDATE repository SET visibility = :visibility WHERE id = :repositoryId")
  void setVisibility(long repositoryId, @Nullable String visibility);

  /** An account's name with the actions granted to it, as stored ("pull,push"). */
  @Introspected
  record NamedActions(String name, String actions) {
  }

  /** A repository with its own visibility, null when it follows its namespace's. */
  @Introspected
  record RepositoryVisibility(String name, @Nullable Visibility visibility) {
  }
}
