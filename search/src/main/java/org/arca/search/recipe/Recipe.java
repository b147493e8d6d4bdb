package org.arca.search.recipe;

import java.util.List;
import java.util.Map;

/**
 * What a build recipe says about the image it builds.
 *
 * @param baseImage the image it starts from ({@code FROM}, or Singularity's {@code From:}), or null
 * @param labels {@code LABEL}s of a Dockerfile, {@code %labels} of a definition file
 * @param env environment variables it sets, as {@code NAME=value}
 * @param packages packages it installs, with the version when it pins one
 * @param instructions one entry per instruction (Dockerfile) or header line and section (definition file), in order
 * @param help the definition file's {@code %help}, or null
 * @param text the recipe itself, capped
 */
public record Recipe(
    RecipeKind kind,
    String baseImage,
    Map<String, String> labels,
    List<String> env,
    List<InstalledPackage> packages,
    List<String> instructions,
    String help,
    String text) {

  public Recipe {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    env = env == null ? List.of() : List.copyOf(env);
    packages = packages == null ? List.of() : List.copyOf(packages);
    instructions = instructions == null ? List.of() : List.copyOf(instructions);
  }
}
