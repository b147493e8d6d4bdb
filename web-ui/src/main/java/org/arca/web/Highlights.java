package org.arca.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes a search highlight safe to insert as HTML. The search escapes the text and marks matched words with
 * {@code <em>}; this keeps exactly those marks and escapes every other angle bracket, so that a page stays safe even
 * if a fragment ever arrived unescaped.
 */
final class Highlights {
  private static final Pattern MARK = Pattern.compile("</?em>");

  private Highlights() {}

  static String safeHtml(String fragment) {
    if (fragment == null) {
      return "";
    }
    StringBuilder html = new StringBuilder(fragment.length() + 16);
    Matcher marks = MARK.matcher(fragment);
    int at = 0;
    while (marks.find()) {
      html.append(escapeBrackets(fragment.substring(at, marks.start()))).append(marks.group());
      at = marks.end();
    }
    html.append(escapeBrackets(fragment.substring(at)));
    return html.toString();
  }

  private static String escapeBrackets(String text) {
    return text.replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
