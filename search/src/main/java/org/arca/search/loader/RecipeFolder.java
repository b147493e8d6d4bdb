package org.arca.search.loader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.arca.core.RepositoryName;
import org.arca.core.Tag;
import org.arca.search.recipe.RecipeKind;

/**
 * Finds recipes in a folder and names their images after the folder layout, one repository per tool and one tag per
 * version:
 *
 * <ul>
 *   <li>{@code <tool>/<version>/Dockerfile} (BioContainers) becomes {@code <namespace>/<tool>:<version>};
 *   <li>{@code <tool>/Singularity.<name>_<version>} (damona) becomes {@code <namespace>/<tool>:<version>};
 *   <li>any other {@code Dockerfile}, {@code *.def}, {@code Singularity*}, {@code environment.yml} or
 *       {@code requirements.txt} becomes {@code <namespace>/<its folder>:latest}.
 * </ul>
 *
 * A second recipe for the same repository and tag gets the tag with {@code -2} (then {@code -3} ...) appended. The
 * namespace is the folder's name, or its parent's when the folder has a generic name such as {@code recipes}.
 */
public final class RecipeFolder {
  private static final Set<String> GENERIC_FOLDER_NAMES =
      Set.of("recipes", "containers", "images", "dockerfiles", "definitions", "src");
  /** The version in a definition file's name: what follows the first separator that precedes a digit. */
  private static final Pattern NAME_VERSION = Pattern.compile("[._-](v?\\d.*)$");

  private RecipeFolder() {}

  public static String defaultNamespace(Path folder) {
    Path absolute = folder.toAbsolutePath().normalize();
    String name = absolute.getFileName() == null ? "recipes" : absolute.getFileName().toString();
    if (GENERIC_FOLDER_NAMES.contains(name.toLowerCase(Locale.ROOT)) && absolute.getParent() != null
        && absolute.getParent().getFileName() != null) {
      name = absolute.getParent().getFileName().toString();
    }
    return repositoryComponent(name);
  }

  /** Every recipe under {@code folder}, in path order. */
  public static List<RecipeFile> scan(Path folder, String namespace) throws IOException {
    List<RecipeFile> found = new ArrayList<>();
    Set<String> taken = new java.util.HashSet<>();
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).toList()) {
        Optional<RecipeFile> recipe = recipe(folder, file, namespace);
        if (recipe.isEmpty()) {
          continue;
        }
        // two recipes of one version (damona has such pairs) must not overwrite each other's tag
        RecipeFile r = recipe.get();
        String tag = r.tag();
        for (int n = 2; !taken.add(r.repository() + ":" + tag); n++) {
          tag = tagOf(r.tag() + "-" + n);
        }
        found.add(tag.equals(r.tag()) ? r : new RecipeFile(r.path(), r.relativePath(), r.repository(), tag, r.kind()));
      }
    }
    return found;
  }

  static Optional<RecipeFile> recipe(Path root, Path file, String namespace) {
    String fileName = file.getFileName().toString();
    Optional<RecipeKind> kind = kindOf(fileName);
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    Path relative = root.relativize(file);
    Path parent = relative.getParent();
    String tool;
    String version;
    if (kind.get() == RecipeKind.SINGULARITY && fileName.startsWith("Singularity.")) {
      tool = parent != null ? parent.getFileName().toString() : fileName.substring("Singularity.".length());
      Matcher m = NAME_VERSION.matcher(fileName.substring("Singularity.".length()));
      version = m.find() ? m.group(1) : "latest";
    } else if (parent != null && parent.getNameCount() >= 2 && looksLikeVersion(parent.getFileName().toString())) {
      tool = parent.getParent().getFileName().toString();
      version = parent.getFileName().toString();
    } else {
      tool = parent != null ? parent.getFileName().toString() : namespace;
      version = "latest";
    }
    RepositoryName repository = RepositoryName.parse(namespace + "/" + repositoryComponent(tool));
    return Optional.of(new RecipeFile(file, relative.toString().replace('\\', '/'), repository, tagOf(version),
        kind.get()));
  }

  static Optional<RecipeKind> kindOf(String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT);
    if (name.equals("dockerfile") || name.equals("containerfile") || name.endsWith(".dockerfile")) {
      return Optional.of(RecipeKind.DOCKERFILE);
    }
    if (name.startsWith("singularity") || name.startsWith("apptainer") || name.endsWith(".def")) {
      return Optional.of(RecipeKind.SINGULARITY);
    }
    if (name.equals("environment.yml") || name.equals("environment.yaml")) {
      return Optional.of(RecipeKind.CONDA_ENVIRONMENT);
    }
    if (name.equals("requirements.txt")) {
      return Optional.of(RecipeKind.PIP_REQUIREMENTS);
    }
    return Optional.empty();
  }

  private static boolean looksLikeVersion(String name) {
    return name.matches("v?\\d.*") || name.equals("latest");
  }

  /** A repository path component from a tool name: lower case, other characters as single dashes. */
  static String repositoryComponent(String name) {
    String component = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-")
        .replaceAll("^[^a-z0-9]+|[^a-z0-9]+$", "").replaceAll("[.]{2,}", ".");
    return component.isEmpty() ? "unnamed" : component;
  }

  static String tagOf(String version) {
    String tag = version.replaceAll("[^A-Za-z0-9_.-]", "_").replaceAll("^[.-]+", "");
    if (tag.length() > 128) {
      tag = tag.substring(0, 128);
    }
    return Tag.isValid(tag) ? tag : "latest";
  }
}
