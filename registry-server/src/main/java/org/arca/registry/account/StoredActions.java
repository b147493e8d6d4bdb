package org.arca.registry.account;

import io.micronaut.core.convert.ConversionContext;
import io.micronaut.data.model.runtime.convert.AttributeConverter;
import jakarta.inject.Singleton;
import java.util.Set;
import org.arca.registry.auth.Action;

/** Stores a set of actions as their wire names, comma-separated ("pull,push"), as the columns have always held. */
@Singleton
final class StoredActions implements AttributeConverter<Set<Action>, String> {
  @Override
  public String convertToPersistedValue(Set<Action> actions, ConversionContext context) {
    return actions == null ? null : Action.toList(actions);
  }

  @Override
  public Set<Action> convertToEntityValue(String text, ConversionContext context) {
    return Action.parseList(text);
  }
}
