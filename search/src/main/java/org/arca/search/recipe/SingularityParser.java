package org.arca.search.recipe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Singularity/Apptainer definition file: the header ({@code Bootstrap}, {@code From}), {@code %labels},
 * {@code %environment}, {@code %help}, and the packages {@code %post} installs. The other sections
 * ({@code %runscript}, {@code %test}, {@code %files} ...) are kept as instructions for the full-text index.
 *
 * @see <a href="https://apptainer.org/docs/user/latest/definition_files.html">definition files</a>
 */
public final class SingularityParser {

  private SingularityParser() {}

  /** One section: its name without {@code %} (lower case), the rest of its header line, and its body. */
  record Section(String name, String argument, String body) {}

  public static Recipe parse(String text) {
    Map<String, String> header = new LinkedHashMap<>();
    List<Section> sections = new ArrayList<>();
    String name = null;
    String argument = null;
    StringBuilder body = new StringBuilder();
    for (String line : text.split("\r?\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.startsWith("%") && trimmed.length() > 1 && Character.isLetter(trimmed.charAt(1))) {
        if (name != null) {
          sections.add(new Section(name, argument, body.toString()));
        }
        int space = trimmed.indexOf(' ');
        name = (space < 0 ? trimmed.substring(1) : trimmed.substring(1, space)).toLowerCase(Locale.ROOT);
        argument = space < 0 ? "" : trimmed.substring(space + 1).strip();
        body.setLength(0);
      } else if (name == null) {
        int colon = trimmed.indexOf(':');
        if (!trimmed.startsWith("#") && colon > 0) {
          header.put(trimmed.substring(0, colon).strip().toLowerCase(Locale.ROOT), trimmed.substring(colon + 1).strip());
        }
      } else {
        body.append(line).append('\n');
      }
    }
    if (name != null) {
      sections.add(new Section(name, argument, body.toString()));
    }

    Map<String, String> labels = new LinkedHashMap<>();
    Map<String, String> variables = new HashMap<>();
    List<String> env = new ArrayList<>();
    Set<InstalledPackage> packages = new LinkedHashSet<>();
    StringBuilder help = new StringBuilder();
    List<String> instructions = new ArrayList<>();
    header.forEach((key, value) -> instructions.add(headerName(key) + ": " + value));
    for (Section section : sections) {
      instructions.add(("%" + section.name() + " " + section.argument()).strip() + "\n" + section.body().strip());
      switch (section.name()) {
        case "labels" -> labels.putAll(labels(section.body()));
        case "environment" -> environment(section.body(), variables, env);
        case "post", "setup", "appinstall" -> packages.addAll(ShellInstalls.find(section.body(), variables));
        case "help", "apphelp" -> help.append(section.body().strip()).append('\n');
        default -> {
        }
      }
    }
    String helpText = help.toString().strip();
    return new Recipe(RecipeKind.SINGULARITY, baseImage(header), labels, env, List.copyOf(packages), instructions,
        helpText.isEmpty() ? null : helpText, text);
  }

  /** The image the build starts from, as a reader would name it: the From of docker, library, oras and shub bootstraps, the file name of a local image. */
  private static String baseImage(Map<String, String> header) {
    String from = header.get("from");
    if (from == null || from.isBlank()) {
      return null;
    }
    String bootstrap = header.getOrDefault("bootstrap", "").toLowerCase(Locale.ROOT);
    if (bootstrap.equals("localimage")) {
      return from.substring(from.lastIndexOf('/') + 1);
    }
    return from.replaceFirst("^(docker|library|oras|shub)://", "");
  }

  private static String headerName(String key) {
    return key.isEmpty() ? key : Character.toUpperCase(key.charAt(0)) + key.substring(1);
  }

  /** {@code %labels}: one label a line, the name up to the first whitespace, the value after it. */
  private static Map<String, String> labels(String body) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String line : body.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      int space = -1;
      for (int i = 0; i < trimmed.length(); i++) {
        if (Character.isWhitespace(trimmed.charAt(i))) {
          space = i;
          break;
        }
      }
      String key = space < 0 ? trimmed : trimmed.substring(0, space);
      String value = space < 0 ? "" : trimmed.substring(space + 1).strip();
      if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
          || value.startsWith("'") && value.endsWith("'"))) {
        value = value.substring(1, value.length() - 1);
      }
      labels.put(key, value);
    }
    return labels;
  }

  /** {@code %environment}: {@code export NAME=value} and {@code NAME=value} lines. */
  private static void environment(String body, Map<String, String> variables, List<String> env) {
    for (String line : body.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("export ")) {
        trimmed = trimmed.substring("export ".length()).strip();
      }
      if (trimmed.startsWith("#") || !trimmed.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
        continue;
      }
      List<String> words = ShellWords.split(trimmed);
      for (String word : words) {
        int eq = word.indexOf('=');
        if (eq > 0) {
          String key = word.substring(0, eq);
          String value = ShellWords.expand(word.substring(eq + 1), variables);
          variables.put(key, value);
          env.add(key + "=" + value);
        }
      }
    }
  }
}
