package org.arca.preservation.retention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.arca.core.Glob;
import org.arca.core.image.OciJson;

/**
 * One rule of a retention policy, written in JSON as {@code {"rule":"keepMostRecentlyPushed","count":5}}. Tag rules
 * decide per tag; untagged rules decide for manifests left without a tag. The order in which they are applied is in
 * {@link RetentionPlanner} and docs/curator-guide.md.
 */
public sealed interface Rule {

  /** The rule's name, as in the JSON and in a plan's items: the record's name, starting in lower case. */
  default String name() {
    String simple = getClass().getSimpleName();
    return Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
  }

  /** Its JSON form, the rule's name and its one parameter. */
  default ObjectNode toJson() {
    ObjectNode json = OciJson.MAPPER.createObjectNode().put("rule", name());
    for (RecordComponent component : getClass().getRecordComponents()) {
      Object value;
      try {
        value = component.getAccessor().invoke(this);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
      if (value instanceof Integer count) {
        json.put(component.getName(), count);
      } else if (value instanceof Duration duration) {
        json.put(component.getName(), format(duration));
      } else {
        json.put(component.getName(), value.toString());
      }
    }
    return json;
  }

  /** A tag is kept when it is among the {@code count} most recently pushed tags of its repository. */
  record KeepMostRecentlyPushed(int count) implements Rule {}

  /** A tag is kept when it is among the {@code count} most recently pulled tags of its repository. */
  record KeepMostRecentlyPulled(int count) implements Rule {}

  /** A tag is kept when it was pushed (set) within {@code within}. */
  record KeepPushedWithin(Duration within) implements Rule {}

  /** A tag is kept when it was pulled within {@code within}. */
  record KeepPulledWithin(Duration within) implements Rule {}

  /** A tag matching the pattern is kept, whatever other rules say. */
  record KeepTags(Glob pattern) implements Rule {}

  /** A tag matching the pattern is removed unless {@link KeepTags} keeps it (or it is protected). */
  record RemoveTags(Glob pattern) implements Rule {}

  /** A manifest left without a tag is kept when it is among the {@code count} most recently pushed such manifests. */
  record KeepUntaggedCount(int count) implements Rule {}

  /** A manifest left without a tag is kept when it was pushed within {@code within}. */
  record KeepUntaggedPushedWithin(Duration within) implements Rule {}

  /** A manifest left without a tag is kept when it was pulled by digest within {@code within}. */
  record KeepUntaggedPulledWithin(Duration within) implements Rule {}

  /** Whether the rule keeps tags (as opposed to removing them, or deciding for untagged manifests). */
  default boolean keepsTags() {
    return this instanceof KeepMostRecentlyPushed || this instanceof KeepMostRecentlyPulled
        || this instanceof KeepPushedWithin || this instanceof KeepPulledWithin || this instanceof KeepTags;
  }

  /** Whether the rule decides for manifests without a tag. */
  default boolean decidesUntagged() {
    return this instanceof KeepUntaggedCount || this instanceof KeepUntaggedPushedWithin
        || this instanceof KeepUntaggedPulledWithin;
  }

  /**
   * Parses one rule; throws {@link IllegalArgumentException} with a message a curator understands when it is not one.
   */
  static Rule parse(JsonNode node) {
    if (node == null || !node.isObject() || !node.path("rule").isTextual()) {
      throw new IllegalArgumentException("a rule is an object with a \"rule\" name, e.g."
          + " {\"rule\":\"keepMostRecentlyPushed\",\"count\":5}");
    }
    String name = node.get("rule").asText();
    return switch (name) {
      case "keepMostRecentlyPushed" -> new KeepMostRecentlyPushed(count(node, name));
      case "keepMostRecentlyPulled" -> new KeepMostRecentlyPulled(count(node, name));
      case "keepPushedWithin" -> new KeepPushedWithin(duration(node, name));
      case "keepPulledWithin" -> new KeepPulledWithin(duration(node, name));
      case "keepTags" -> new KeepTags(pattern(node, name));
      case "removeTags" -> new RemoveTags(pattern(node, name));
      case "keepUntaggedCount" -> new KeepUntaggedCount(count(node, name));
      case "keepUntaggedPushedWithin" -> new KeepUntaggedPushedWithin(duration(node, name));
      case "keepUntaggedPulledWithin" -> new KeepUntaggedPulledWithin(duration(node, name));
      default -> throw new IllegalArgumentException("unknown rule \"" + name + "\"; known rules: keepMostRecentlyPushed,"
          + " keepMostRecentlyPulled, keepPushedWithin, keepPulledWithin, keepTags, removeTags, keepUntaggedCount,"
          + " keepUntaggedPushedWithin, keepUntaggedPulledWithin");
    };
  }

  private static int count(JsonNode node, String name) {
    JsonNode count = node.get("count");
    if (count == null || !count.canConvertToInt() || !count.isIntegralNumber() || count.asInt() < 0) {
      throw new IllegalArgumentException("rule " + name + " needs \"count\": a whole number, 0 or more");
    }
    return count.asInt();
  }

  private static Glob pattern(JsonNode node, String name) {
    JsonNode pattern = node.get("pattern");
    if (pattern == null || !pattern.isTextual()) {
      throw new IllegalArgumentException("rule " + name + " needs \"pattern\", e.g. \"pr-*\"");
    }
    return new Glob(pattern.asText());
  }

  private static Duration duration(JsonNode node, String name) {
    JsonNode within = node.get("within");
    if (within == null || !within.isTextual()) {
      throw new IllegalArgumentException("rule " + name + " needs \"within\", a duration such as \"30d\" or \"12h\"");
    }
    return parseDuration(within.asText());
  }

  /** {@code 30d}, {@code 12h}, {@code 90m} or {@code 2w}; the label {@code org.arca.expires-after} uses the same form. */
  static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("\"" + text + "\" is not a duration; write a number and a unit: 90m, 12h,"
          + " 30d or 2w");
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      default -> Duration.ofDays(7 * amount);
    };
  }

  Pattern DURATION = Pattern.compile("(\\d{1,6})([mhdw])");

  private static String format(Duration duration) {
    long minutes = duration.toMinutes();
    if (minutes % (24 * 60) == 0) {
      return minutes / (24 * 60) + "d";
    }
    return minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m";
  }
}
