package org.arca.search.recipe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a conda {@code environment.yml}: its name, channels, and conda and pip dependencies.
 *
 * @see <a href="https://docs.conda.io/projects/conda/en/latest/user-guide/tasks/manage-environments.html#create-env-file-manually">environment files</a>
 */
public final class CondaEnvironmentParser {

  private CondaEnvironmentParser() {}

  public static Recipe parse(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(10); // a recipe is small; refuse alias bombs
    options.setCodePointLimit(1 << 20);
    Object root;
    try {
      root = new Yaml(new SafeConstructor(options)).load(text);
    } catch (YAMLException e) {
      throw new IllegalArgumentException("environment file is not valid YAML: " + e.getMessage(), e);
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("environment file is not a YAML mapping");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    if (map.get("name") instanceof String name) {
      labels.put("conda.environment", name);
    }
    if (map.get("channels") instanceof List<?> channels) {
      labels.put("conda.channels", String.join(",", channels.stream().map(String::valueOf).toList()));
    }
    List<InstalledPackage> packages = new ArrayList<>();
    List<String> instructions = new ArrayList<>();
    if (map.get("dependencies") instanceof List<?> dependencies) {
      for (Object dependency : dependencies) {
        if (dependency instanceof Map<?, ?> nested && nested.get("pip") instanceof List<?> pip) {
          for (Object spec : pip) {
            add(packages, instructions, "pip", String.valueOf(spec));
          }
        } else if (dependency != null && !(dependency instanceof Map<?, ?>)) {
          add(packages, instructions, "conda", String.valueOf(dependency));
        }
      }
    }
    return new Recipe(RecipeKind.CONDA_ENVIRONMENT, null, labels, List.of(), packages, instructions, null, text);
  }

  private static void add(List<InstalledPackage> packages, List<String> instructions, String ecosystem, String spec) {
    instructions.add(ecosystem + " " + spec);
    InstalledPackage p = ShellInstalls.spec(ecosystem, spec.strip());
    if (p != null) {
      packages.add(p);
    }
  }
}
