package org.arca.search.image;

import java.util.List;
import java.util.Map;
import org.arca.search.recipe.InstalledPackage;

/**
 * What an image's own content says about it: read once from its manifest, config and layers (for an image index:
 * merged over its platform images) and stored in the index, so that a tag move or a new recipe needs no second read
 * of the layers.
 *
 * @param size bytes of config and layers (for an index: of all its platform images)
 * @param created the config's {@code created} time, as written, or null
 * @param platforms {@code os/architecture[/variant]} of each platform image
 * @param labels config labels (for an index: of its first platform image, then the others' missing ones)
 * @param annotations manifest annotations (an index's own, then its platform manifests' missing ones)
 * @param history {@code created_by} of each history entry
 * @param packages packages found in the layers
 * @param documents documentation found in the layers
 * @param children digests of the platform manifests of an image index
 * @param truncated whether a size cap stopped reading the layers before their end
 */
public record ImageContent(
    String mediaType,
    long size,
    String created,
    List<String> platforms,
    List<String> architectures,
    Map<String, String> labels,
    Map<String, String> annotations,
    List<String> history,
    List<String> env,
    List<InstalledPackage> packages,
    List<FoundDocument> documents,
    List<String> children,
    boolean truncated) {

  public ImageContent {
    platforms = copy(platforms);
    architectures = copy(architectures);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    history = copy(history);
    env = copy(env);
    packages = copy(packages);
    documents = copy(documents);
    children = copy(children);
  }

  private static <T> List<T> copy(List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }
}
