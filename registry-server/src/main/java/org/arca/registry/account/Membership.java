package org.arca.registry.account;

import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;

/** A user's role in an organization: a row of {@code membership}. */
@MappedEntity(value = "membership", escape = false)
record Membership(@EmbeddedId Key key, OrgRole role) {

  Membership(long organizationId, long userId, OrgRole role) {
    this(new Key(organizationId, userId), role);
  }

  @Embeddable
  record Key(@MappedProperty("organization_id") long organizationId, @MappedProperty("user_id") long userId) {
  }
}
