package org.arca.preservation.citation;

import java.util.Set;

/** A bibliography was asked for in a CSL style that neither has a short name here nor ships with the styles. */
public final class UnknownStyleException extends IllegalArgumentException {
  private final String style;

  UnknownStyleException(String style, Set<String> named) {
    super("unknown citation style '" + style + "': use one of " + String.join(", ", named)
        + ", or the id of any style in the official CSL repository (e.g. elsevier-harvard)");
    this.style = style;
  }

  public String style() {
    return style;
  }
}
