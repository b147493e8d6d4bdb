package org.arca.converter.apptainer;

import java.util.Map;
import java.util.SortedMap;

/**
 * JSON text as Go's encoding/json writes it, which is what Apptainer's tools write and read for labels and inspect
 * metadata: map keys sorted, HTML-sensitive characters escaped, and {@code MarshalIndent}'s layout with tabs.
 */
final class GoJson {
  private GoJson() {}

  /** A JSON string literal. */
  static String string(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** A string map, compact. */
  static String compact(SortedMap<String, String> map) {
    StringBuilder out = new StringBuilder("{");
    for (Map.Entry<String, String> entry : map.entrySet()) {
      if (out.length() > 1) {
        out.append(',');
      }
      out.append(string(entry.getKey())).append(':').append(string(entry.getValue()));
    }
    return out.append('}').toString();
  }

  /** A string map as {@code json.MarshalIndent(map, "", "\t")} writes it. */
  static String indented(SortedMap<String, String> map) {
    if (map.isEmpty()) {
      return "{}";
    }
    StringBuilder out = new StringBuilder("{\n");
    int i = 0;
    for (Map.Entry<String, String> entry : map.entrySet()) {
      out.append('\t').append(string(entry.getKey())).append(": ").append(string(entry.getValue()));
      out.append(++i < map.size() ? ",\n" : "\n");
    }
    return out.append('}').toString();
  }
}
