package org.arca.search.recipe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a pip {@code requirements.txt}: one requirement a line; options, includes, comments and environment markers
 * are left out.
 *
 * @see <a href="https://pip.pypa.io/en/stable/reference/requirements-file-format/">requirements file format</a>
 */
public final class RequirementsParser {

  private RequirementsParser() {}

  public static Recipe parse(String text) {
    List<InstalledPackage> packages = new ArrayList<>();
    List<String> instructions = new ArrayList<>();
    for (String line : text.replace("\\\r\n", " ").replace("\\\n", " ").split("\r?\n")) {
      String requirement = line;
      int comment = requirement.indexOf(" #");
      if (requirement.strip().startsWith("#")) {
        continue;
      }
      if (comment >= 0) {
        requirement = requirement.substring(0, comment);
      }
      requirement = requirement.strip();
      int marker = requirement.indexOf(';');
      if (marker >= 0) {
        requirement = requirement.substring(0, marker).strip();
      }
      int at = requirement.indexOf(" @ ");
      if (at > 0) {
        requirement = requirement.substring(0, at).strip(); // name @ URL: a direct reference has no version to index
      }
      if (requirement.isEmpty() || requirement.startsWith("-")) {
        continue;
      }
      instructions.add(requirement);
      InstalledPackage p = ShellInstalls.spec("pip", requirement.split("\\s+--")[0]);
      if (p != null) {
        packages.add(p);
      }
    }
    return new Recipe(RecipeKind.PIP_REQUIREMENTS, null, Map.of(), List.of(), packages, instructions, null, text);
  }
}
