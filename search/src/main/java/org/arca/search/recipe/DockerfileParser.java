package org.arca.search.recipe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a Dockerfile: the base image of the final stage, {@code LABEL}s, {@code ENV}, and the packages {@code RUN}
 * installs. It follows the Dockerfile reference's line rules (escape character at the end of a line continues it,
 * comment lines inside a continuation are dropped, the {@code # escape=} parser directive) but evaluates nothing.
 *
 * @see <a href="https://docs.docker.com/reference/dockerfile/">Dockerfile reference</a>
 */
public final class DockerfileParser {
  private static final Pattern DIRECTIVE = Pattern.compile("#\\s*escape\\s*=\\s*([\\\\`])\\s*");

  private DockerfileParser() {}

  /** The instructions of a Dockerfile, one per logical line, continuations joined. */
  public static List<String> instructions(String text) {
    char escape = '\\';
    String[] lines = text.split("\r?\n", -1);
    List<String> result = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean directives = true;
    for (String line : lines) {
      String trimmed = line.strip();
      if (directives) {
        var m = DIRECTIVE.matcher(trimmed);
        if (m.matches()) {
          escape = m.group(1).charAt(0);
          continue;
        }
        directives = trimmed.startsWith("#") && trimmed.contains("=");
      }
      if (trimmed.startsWith("#") || trimmed.isEmpty()) {
        continue; // comments and empty lines, also inside a continuation, as Docker reads them
      }
      String body = line.stripTrailing();
      boolean continues = !body.isEmpty() && body.charAt(body.length() - 1) == escape;
      if (continues) {
        body = body.substring(0, body.length() - 1);
      }
      if (!current.isEmpty()) {
        current.append(' ');
      }
      current.append(body.strip());
      if (!continues) {
        if (!current.toString().isBlank()) {
          result.add(current.toString().strip());
        }
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      result.add(current.toString().strip());
    }
    return result;
  }

  public static Recipe parse(String text) {
    Map<String, String> labels = new LinkedHashMap<>();
    Map<String, String> variables = new HashMap<>();
    List<String> env = new ArrayList<>();
    Set<InstalledPackage> packages = new LinkedHashSet<>();
    Map<String, String> stages = new HashMap<>();
    String base = null;
    List<String> instructions = instructions(text);
    for (String instruction : instructions) {
      int space = indexOfWhitespace(instruction);
      String keyword = (space < 0 ? instruction : instruction.substring(0, space)).toUpperCase(Locale.ROOT);
      String args = space < 0 ? "" : instruction.substring(space + 1).strip();
      switch (keyword) {
        case "FROM" -> {
          List<String> words = ShellWords.split(args);
          words.removeIf(w -> w.startsWith("--"));
          if (!words.isEmpty()) {
            String image = ShellWords.expand(words.get(0), variables);
            // FROM an earlier stage builds on that stage's base
            String resolved = stages.getOrDefault(image.toLowerCase(Locale.ROOT), image);
            if (words.size() >= 3 && words.get(1).equalsIgnoreCase("as")) {
              stages.put(words.get(2).toLowerCase(Locale.ROOT), resolved);
            }
            base = resolved;
          }
        }
        case "LABEL" -> labels.putAll(pairs(args, variables));
        // Docker's deprecated MAINTAINER is the label maintainer=, as Docker's reference says to write it instead;
        // a LABEL maintainer of the same file wins
        case "MAINTAINER" -> labels.putIfAbsent("maintainer", args.strip());
        case "ENV" -> pairs(args, variables).forEach((name, value) -> {
          variables.put(name, value);
          env.add(name + "=" + value);
        });
        case "ARG" -> {
          for (String word : ShellWords.split(args)) {
            int eq = word.indexOf('=');
            if (eq > 0) {
              variables.putIfAbsent(word.substring(0, eq), word.substring(eq + 1));
            }
          }
        }
        case "RUN" -> packages.addAll(ShellInstalls.find(shellOf(args), variables));
        default -> {
        }
      }
    }
    return new Recipe(RecipeKind.DOCKERFILE, base, labels, env, List.copyOf(packages), instructions, null, text);
  }

  /** The shell text of a RUN: the exec form's array joined, flags such as --mount dropped. */
  private static String shellOf(String args) {
    String rest = args;
    while (rest.startsWith("--")) {
      int space = indexOfWhitespace(rest);
      rest = space < 0 ? "" : rest.substring(space + 1).strip();
    }
    if (rest.startsWith("[") && rest.endsWith("]")) {
      return String.join(" ", ShellWords.split(rest.substring(1, rest.length() - 1).replace(",", " ")));
    }
    return rest;
  }

  /**
   * {@code key=value} pairs of LABEL and ENV, or the legacy one-pair form {@code key value with spaces}.
   */
  static Map<String, String> pairs(String args, Map<String, String> variables) {
    Map<String, String> pairs = new LinkedHashMap<>();
    List<String> words = ShellWords.split(args);
    if (words.isEmpty()) {
      return pairs;
    }
    if (words.get(0).indexOf('=') <= 0) {
      String value = args.strip().substring(Math.min(args.strip().length(), words.get(0).length())).strip();
      List<String> valueWords = ShellWords.split(value);
      pairs.put(words.get(0), ShellWords.expand(String.join(" ", valueWords), variables));
      return pairs;
    }
    for (String word : words) {
      int eq = word.indexOf('=');
      if (eq > 0) {
        pairs.put(word.substring(0, eq), ShellWords.expand(word.substring(eq + 1), variables).strip());
      }
    }
    return pairs;
  }

  private static int indexOfWhitespace(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isWhitespace(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }
}
