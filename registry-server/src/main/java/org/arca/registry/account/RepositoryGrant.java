package org.arca.registry.account;

import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import java.util.Set;
import org.arca.registry.auth.Action;

/** Actions on one repository granted to an account outside its namespace: a row of {@code repository_grant}. */
@MappedEntity(value = "repository_grant", escape = false)
record RepositoryGrant(@EmbeddedId Key key, @MappedProperty(converter = StoredActions.class) Set<Action> actions) {

  RepositoryGrant(long repositoryId, long accountId, Set<Action> actions) {
    this(new Key(repositoryId, accountId), actions);
  }

  @Embeddable
  record Key(@MappedProperty("repository_id") long repositoryId, @MappedProperty("account_id") long accountId) {
  }
}
