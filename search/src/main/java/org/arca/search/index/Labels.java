package org.arca.search.index;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.arca.core.image.ImageLabels;
import org.arca.search.image.ImageRecord;
import org.arca.search.recipe.Recipe;

/**
 * Reads the well-known metadata out of an image's labels, annotations and recipes: the keys of {@link ImageLabels}
 * (shared with DOI records, so both read a summary or licence alike) and the rest of the BioContainers label set
 * ({@code software}, {@code software.version}, {@code about.home}, {@code about.tags},
 * {@code extra.identifiers.biotools}). Config labels win over manifest annotations, which win over recipe labels.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/v1.1.1/annotations.md">pre-defined annotation keys</a>
 */
record Labels(Map<String, String> all, String repositoryName, List<Recipe> recipes) {
  static final String OCI = ImageLabels.OCI;

  static Labels of(ImageRecord image) {
    Map<String, String> all = new LinkedHashMap<>(image.content().labels());
    image.content().annotations().forEach(all::putIfAbsent);
    for (Recipe recipe : image.recipes()) {
      recipe.labels().forEach(all::putIfAbsent);
    }
    List<String> components = image.key().repository().components();
    return new Labels(all, components.get(components.size() - 1), image.recipes());
  }

  private String get(String key) {
    return ImageLabels.value(all, key).orElse(null);
  }

  String title() {
    String title = first(get(OCI + "title"), get("software"), get("container"));
    return title != null ? title : repositoryName;
  }

  List<String> names() {
    Set<String> names = new LinkedHashSet<>();
    for (String key : List.of(OCI + "title", "software", "container")) {
      String value = get(key);
      if (value != null) {
        names.add(value);
      }
    }
    names.add(repositoryName);
    return new ArrayList<>(names);
  }

  String summary() {
    String summary = first(ImageLabels.SUMMARY_KEYS.stream().map(this::get).toArray(String[]::new));
    if (summary != null) {
      return summary;
    }
    for (Recipe recipe : recipes) {
      if (recipe.help() != null) {
        String paragraph = recipe.help().strip().split("\\n\\s*\\n", 2)[0].strip();
        return paragraph.length() > 300 ? paragraph.substring(0, 300) + "…" : paragraph;
      }
    }
    return null;
  }

  List<String> descriptions() {
    List<String> descriptions = new ArrayList<>();
    for (String key : List.of("about.description", "description")) {
      String value = get(key);
      if (value != null && !value.equals(summary())) {
        descriptions.add(value);
      }
    }
    for (Recipe recipe : recipes) {
      if (recipe.help() != null) {
        descriptions.add(recipe.help());
      }
    }
    return descriptions;
  }

  List<String> versions() {
    Set<String> versions = new LinkedHashSet<>();
    for (String key : List.of("software.version", "upstream.version", OCI + "version", "Version")) {
      String value = get(key);
      if (value != null) {
        versions.add(value);
        if (value.length() > 1 && (value.charAt(0) == 'v' || value.charAt(0) == 'V')
            && Character.isDigit(value.charAt(1))) {
          versions.add(value.substring(1));
        }
      }
    }
    return new ArrayList<>(versions);
  }

  List<String> keywords() {
    List<String> keywords = new ArrayList<>();
    for (String key : List.of("about.tags", "extra.identifiers.biotools", "keywords", "tags")) {
      String value = get(key);
      if (value != null) {
        keywords.add(value);
      }
    }
    return keywords;
  }

  List<String> licenses() {
    List<String> licenses = new ArrayList<>();
    for (String key : ImageLabels.LICENSE_KEYS) {
      String value = get(key);
      if (value != null) {
        licenses.add(value);
      }
    }
    return licenses;
  }

  /** Base images, the most trustworthy first: the OCI annotation, the recipes' FROM, BioContainers' label. */
  List<String> baseImages() {
    Set<String> bases = new LinkedHashSet<>();
    String annotated = get(OCI + "base.name");
    if (annotated != null) {
      bases.add(annotated);
    }
    for (Recipe recipe : recipes) {
      if (recipe.baseImage() != null && !recipe.baseImage().isBlank()) {
        bases.add(recipe.baseImage());
      }
    }
    String label = get("base_image");
    if (label != null) {
      bases.add(label);
    }
    return new ArrayList<>(bases);
  }

  private static String first(String... values) {
    for (String value : values) {
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }
}
