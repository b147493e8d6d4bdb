package org.arca.registry.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a client may do to a repository, as the Docker token protocol names it in scopes
 * ({@code repository:<name>:pull,push}).
 */
public enum Action {
  PULL, PUSH, DELETE;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a comma-separated list; {@code *} means every action; unknown names are ignored, as the protocol says. */
  public static Set<Action> parseList(String text) {
    Set<Action> actions = EnumSet.noneOf(Action.class);
    if (text == null) {
      return actions;
    }
    for (String part : text.split(",")) {
      String name = part.trim().toLowerCase(Locale.ROOT);
      if (name.equals("*")) {
        return EnumSet.allOf(Action.class);
      }
      for (Action action : values()) {
        if (action.wireName().equals(name)) {
          actions.add(action);
        }
      }
    }
    return actions;
  }

  public static String toList(Set<Action> actions) {
    return actions.stream().sorted().map(Action::wireName).collect(Collectors.joining(","));
  }
}
