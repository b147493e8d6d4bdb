package org.arca.registry.account;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.List;

/** Rows of {@code membership}, and the names on either side of them. */
@JdbcRepository(dialect = Dialect.ANSI)
interface MembershipRepository extends GenericRepository<Membership, Membership.Key> {

  Membership save(Membership membership);

  int deleteById(Membership.Key key);

  @Query("SELECT a.name, m.role FROM membership m JOIN account a ON a.id = m.organization_id"
      + " WHERE m.user_id = :userId ORDER BY a.name")
  List<NamedRole> findOrganizationsOf(long userId);

  @Query("SELECT a.name, m.role FROM membership m JOIN account a ON a.id = m.user_id"
      + " WHERE m.organization_id = :organizationId ORDER BY a.name")
  List<NamedRole> findMembersOf(long organizationId);

  /** An account's name with the role in a membership. */
  @Introspected
  record NamedRole(String name, OrgRole role) {
  }
}
