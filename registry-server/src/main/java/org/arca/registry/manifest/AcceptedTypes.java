package org.arca.registry.manifest;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.arca.core.MediaTypes;

/**
 * The manifest media types a client accepts, from its {@code Accept} headers. No header, a wildcard, or plain
 * {@code application/json} means any type.
 *
 * @see <a href="https://github.com/opencontainers/distribution-spec/blob/v1.1.1/spec.md#pulling-manifests">pulling manifests</a>
 */
public record AcceptedTypes(Set<String> types, boolean any) {

  public static AcceptedTypes parse(List<String> headers) {
    Set<String> types = new HashSet<>();
    boolean any = headers == null || headers.isEmpty();
    if (headers != null) {
      for (String header : headers) {
        for (String entry : header.split(",")) {
          String type = MediaTypes.withoutParameters(entry);
          if (type.isEmpty()) {
            continue;
          }
          if (type.equals("*/*") || type.equals("application/*") || type.equals("application/json")) {
            any = true;
          }
          types.add(type);
        }
      }
    }
    if (types.isEmpty()) {
      any = true;
    }
    return new AcceptedTypes(Set.copyOf(types), any);
  }

  public boolean accepts(String mediaType) {
    return any || types.contains(mediaType);
  }
}
