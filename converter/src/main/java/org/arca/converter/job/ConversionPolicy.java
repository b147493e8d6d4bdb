package org.arca.converter.job;

import jakarta.inject.Singleton;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.arca.core.Glob;
import org.arca.core.RepositoryName;

/** Which images of a repository are converted: the longest matching per-repository glob, else the default. */
@Singleton
public class ConversionPolicy {
  /** What a repository's policy asks for. */
  public enum Mode { TAGGED, ALL, NONE }

  private final Mode fallback;
  /** Globs longest first, so that the most specific one decides. */
  private final Map<Pattern, Mode> globs = new java.util.LinkedHashMap<>();

  public ConversionPolicy(ConverterConfiguration config) {
    this.fallback = mode(config.policy());
    config.policies().entrySet().stream()
        .sorted(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed())
        .forEach(e -> globs.put(glob(e.getKey()), mode(e.getValue())));
  }

  public Mode modeOf(RepositoryName repository) {
    for (Map.Entry<Pattern, Mode> entry : globs.entrySet()) {
      if (entry.getKey().matcher(repository.value()).matches()) {
        return entry.getValue();
      }
    }
    return fallback;
  }

  private static Mode mode(String text) {
    try {
      return Mode.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("arca.converter policy '" + text + "': use tagged, all or none", e);
    }
  }

  /** {@code *} matches within one path component, {@code **} across components. */
  private static Pattern glob(String glob) {
    return new Glob(glob).regex();
  }
}
