package org.arca.preservation.citation;

import java.nio.charset.StandardCharsets;

/** A record rendered in one format: the body, its media type and a file name for downloads. */
public record RenderedCitation(CitationFormat format, String mediaType, String fileName, byte[] body) {

  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
