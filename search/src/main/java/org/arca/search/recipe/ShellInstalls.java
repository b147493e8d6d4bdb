package org.arca.search.recipe;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the packages a shell script ({@code RUN}, {@code %post}) installs with the common package managers: apt,
 * yum/dnf, apk, conda/mamba, pip and R's {@code install.packages}/{@code BiocManager::install}. Recipes are read, not
 * run, so this recognises the usual spellings and leaves out what it cannot tell (variables it does not know, URLs,
 * local paths).
 */
final class ShellInstalls {
  /** Command separators of a shell list or pipeline, and the grouping characters around sub-lists. */
  private static final Pattern COMMAND_SEPARATOR = Pattern.compile("&&|\\|\\||[;|\\n(){}]|\\bthen\\b|\\bdo\\b|\\belse\\b");
  private static final Pattern R_INSTALL =
      Pattern.compile("(install\\.packages|BiocManager::install|biocLite)\\s*\\(([^)]*)\\)");
  private static final Pattern QUOTED = Pattern.compile("[\"']([A-Za-z][A-Za-z0-9._]*)[\"']");
  private static final Pattern PACKAGE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+:-]*");

  private ShellInstalls() {}

  static List<InstalledPackage> find(String script, Map<String, String> variables) {
    Set<InstalledPackage> found = new LinkedHashSet<>();
    String expanded = ShellWords.expand(script, variables);
    Matcher r = R_INSTALL.matcher(expanded);
    while (r.find()) {
      String ecosystem = r.group(1).startsWith("install") ? "cran" : "bioconductor";
      Matcher name = QUOTED.matcher(r.group(2));
      while (name.find()) {
        found.add(new InstalledPackage(ecosystem, name.group(1), null));
      }
    }
    for (String command : COMMAND_SEPARATOR.split(expanded)) {
      List<String> words = ShellWords.split(command);
      found.addAll(installs(words));
    }
    return List.copyOf(found);
  }

  private static List<InstalledPackage> installs(List<String> words) {
    int i = 0;
    // leading assignments (DEBIAN_FRONTEND=noninteractive) and privilege wrappers do not change what is installed
    while (i < words.size() && (words.get(i).matches("[A-Za-z_][A-Za-z0-9_]*=.*")
        || words.get(i).equals("sudo") || words.get(i).equals("env") || words.get(i).equals("exec"))) {
      i++;
    }
    if (i >= words.size()) {
      return List.of();
    }
    String tool = words.get(i).substring(words.get(i).lastIndexOf('/') + 1);
    List<String> rest = words.subList(i + 1, words.size());
    return switch (tool) {
      case "apt-get", "apt", "aptitude" -> afterVerb(rest, Set.of("install"), "apt",
          Set.of("-t", "--target-release", "-o", "--option", "-c", "--config-file"));
      case "yum", "dnf", "microdnf", "tdnf", "zypper" -> afterVerb(rest, Set.of("install", "in"), "rpm",
          Set.of("--enablerepo", "--disablerepo", "--setopt", "--releasever", "--installroot"));
      case "apk" -> afterVerb(rest, Set.of("add"), "apk",
          Set.of("-t", "--virtual", "-X", "--repository", "--repositories-file", "-p", "--root", "--arch"));
      case "conda", "mamba", "micromamba" -> afterVerb(rest, Set.of("install", "create"), "conda",
          Set.of("-c", "--channel", "-n", "--name", "-p", "--prefix", "--file", "--override-channels-from",
              "--solver", "-r", "--root-prefix"));
      case "pip", "pip3", "pip2" -> afterVerb(rest, Set.of("install"), "pip", PIP_VALUE_OPTIONS);
      case "python", "python2", "python3" -> rest.size() >= 2 && rest.get(0).equals("-m")
          && rest.get(1).startsWith("pip")
          ? afterVerb(rest.subList(2, rest.size()), Set.of("install"), "pip", PIP_VALUE_OPTIONS)
          : List.of();
      default -> List.of();
    };
  }

  private static final Set<String> PIP_VALUE_OPTIONS = Set.of("-r", "--requirement", "-c", "--constraint", "-e",
      "--editable", "-i", "--index-url", "--extra-index-url", "-f", "--find-links", "-t", "--target", "--prefix",
      "--root", "--src", "--trusted-host", "--platform", "--python-version", "--implementation", "--abi",
      "--progress-bar", "--cache-dir");

  private static List<InstalledPackage> afterVerb(List<String> words, Set<String> verbs, String ecosystem,
      Set<String> optionsWithValue) {
    int verb = -1;
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      if (verbs.contains(word)) {
        verb = i;
        break;
      }
      if (optionsWithValue.contains(word)) {
        i++;
      } else if (!word.startsWith("-")) {
        return List.of(); // another sub-command (update, clean, search ...)
      }
    }
    if (verb < 0) {
      return List.of();
    }
    List<InstalledPackage> packages = new ArrayList<>();
    for (int i = verb + 1; i < words.size(); i++) {
      String word = words.get(i);
      if (optionsWithValue.contains(word)) {
        i++;
        continue;
      }
      if (word.startsWith("-") || word.startsWith(">") || word.startsWith("<") || word.equals("2") || word.equals("1")) {
        if (word.startsWith(">") || word.startsWith("<")) {
          break; // a redirection ends the argument list
        }
        continue;
      }
      InstalledPackage spec = spec(ecosystem, word);
      if (spec != null) {
        packages.add(spec);
      }
    }
    return packages;
  }

  /** A package specification as each tool writes it; null for what is not a plain package name. */
  static InstalledPackage spec(String ecosystem, String word) {
    if (word.contains("$") || word.contains("/") && !ecosystem.equals("apt") || word.contains("://")
        || word.startsWith(".") || word.endsWith(".deb") || word.endsWith(".rpm") || word.endsWith(".whl")
        || word.endsWith(".tar.gz") || word.endsWith(".txt") || word.endsWith(".yml") || word.endsWith(".yaml")) {
      return null;
    }
    String name = word;
    String version = null;
    switch (ecosystem) {
      case "apt" -> {
        int slash = name.indexOf('/');
        if (slash >= 0) {
          name = name.substring(0, slash); // name/release picks a suite, not a version
        }
        int eq = name.indexOf('=');
        if (eq >= 0) {
          version = name.substring(eq + 1);
          name = name.substring(0, eq);
        }
      }
      case "apk" -> {
        Matcher m = Pattern.compile("([^=~<>]+)(?:(=|~|>=|<=|>|<)(.*))?").matcher(name);
        if (m.matches()) {
          name = m.group(1);
          version = "=".equals(m.group(2)) || "~".equals(m.group(2)) ? m.group(3) : null;
        }
      }
      case "conda" -> {
        int channel = name.indexOf("::");
        if (channel >= 0) {
          name = name.substring(channel + 2);
        }
        Matcher m = Pattern.compile("([^=<>!~ ]+)\\s*(==|=|>=|<=|>|<|!=|~=)?\\s*([^=,]*)?.*").matcher(name);
        if (m.matches()) {
          name = m.group(1);
          String op = m.group(2);
          version = "=".equals(op) || "==".equals(op) ? stripWildcard(m.group(3)) : null;
        }
      }
      case "pip" -> {
        Matcher m = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*)(\\[[^]]*])?\\s*(===|==|>=|<=|~=|!=|>|<)?\\s*([^,;]*)?.*")
            .matcher(name);
        if (!m.matches()) {
          return null;
        }
        name = m.group(1);
        version = "==".equals(m.group(3)) || "===".equals(m.group(3)) ? stripWildcard(m.group(4)) : null;
      }
      case "rpm" -> {
        // name-version-release cannot be told from a hyphenated name without the repository: keep the whole word
      }
      default -> {
      }
    }
    if (!PACKAGE_NAME.matcher(name).matches()) {
      return null;
    }
    return new InstalledPackage(ecosystem, name, version);
  }

  private static String stripWildcard(String version) {
    if (version == null) {
      return null;
    }
    String v = version.strip();
    if (v.endsWith(".*")) {
      v = v.substring(0, v.length() - 2);
    }
    return v.isEmpty() || v.equals("*") ? null : v;
  }
}
