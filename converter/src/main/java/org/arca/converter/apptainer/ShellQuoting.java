package org.arca.converter.apptainer;

import java.util.List;
import java.util.regex.Pattern;

/** Quoting for POSIX sh, for the scripts generated from an image config. */
final class ShellQuoting {
  /** Names a shell accepts in {@code export NAME=...}; other names cannot be exported by a script. */
  static final Pattern VARIABLE_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private ShellQuoting() {}

  /** {@code value} as one single-quoted word; single quotes inside become {@code '\''}. */
  static String singleQuoted(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }

  /** {@code value} escaped for use between double quotes: backslash, double quote, dollar and backquote. */
  static String doubleQuotedContent(String value) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' || c == '"' || c == '$' || c == '`') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  /** The words as a shell would need them typed, each double-quoted, separated by spaces. */
  static String doubleQuotedWords(List<String> words) {
    StringBuilder out = new StringBuilder();
    for (String word : words) {
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append('"').append(doubleQuotedContent(word)).append('"');
    }
    return out.toString();
  }
}
