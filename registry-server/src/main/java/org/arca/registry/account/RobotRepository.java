package org.arca.registry.account;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Rows of {@code robot}. */
@JdbcRepository(dialect = Dialect.ANSI)
interface RobotRepository extends GenericRepository<Robot, Long> {

  Robot save(Robot robot);

  Optional<Robot> findByName(String name);

  List<Robot> findByOwnerIdOrderByName(long ownerId);

  /** Sets the revocation time once: a robot revoked already keeps its first. */
  @Query("UPDATE robot SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
  int revoke(long id, Instant now);
}
