package org.arca.registry.account;

import io.micronaut.core.convert.ConversionContext;
import io.micronaut.data.model.runtime.convert.AttributeConverter;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.List;

/** Stores a robot's namespaces comma-separated; namespace names cannot contain a comma. */
@Singleton
final class StoredNamespaces implements AttributeConverter<List<String>, String> {
  @Override
  public String convertToPersistedValue(List<String> namespaces, ConversionContext context) {
    return namespaces == null ? null : String.join(",", namespaces);
  }

  @Override
  public List<String> convertToEntityValue(String text, ConversionContext context) {
    return text == null ? List.of() : Arrays.stream(text.split(",")).filter(n -> !n.isEmpty()).toList();
  }
}
