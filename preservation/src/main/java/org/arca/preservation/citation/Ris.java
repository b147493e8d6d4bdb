package org.arca.preservation.citation;

import java.nio.charset.StandardCharsets;
import org.arca.preservation.metadata.Creator;
import org.arca.preservation.metadata.DoiMetadata;
import org.arca.preservation.metadata.Rights;
import org.arca.preservation.metadata.Subject;

/**
 * Writes a RIS record ({@code application/x-research-info-systems}) of type {@code COMP} (computer program), lines
 * ended by CR LF as the format asks.
 *
 * @see <a href="https://en.wikipedia.org/wiki/RIS_(file_format)">RIS file format</a>
 */
public final class Ris implements CitationWriter {
  public static final String MEDIA_TYPE = "application/x-research-info-systems";

  @Override
  public byte[] write(DoiMetadata m) {
    StringBuilder b = new StringBuilder();
    line(b, "TY", "COMP");
    for (Creator c : m.creators()) {
      line(b, "AU", c.familyName() != null ? c.familyName() + (c.givenName() != null ? ", " + c.givenName() : "")
          : c.name());
    }
    line(b, "TI", m.title());
    line(b, "PY", Integer.toString(m.publicationYear()));
    line(b, "PB", m.publisher());
    if (m.version() != null) {
      line(b, "ET", m.version());
    }
    if (m.doi() != null) {
      line(b, "DO", m.doi().toString());
    }
    line(b, "UR", m.identifierUrl());
    m.abstractText().ifPresent(a -> line(b, "AB", a.replaceAll("\\s+", " ")));
    for (Subject s : m.subjects()) {
      line(b, "KW", s.subject());
    }
    line(b, "M3", m.resourceType().specific());
    m.digest().ifPresent(d -> line(b, "N1", "OCI manifest digest: " + d));
    m.unregisteredDoiNote().ifPresent(n -> line(b, "N1", n));
    for (Rights r : m.licenses()) {
      line(b, "N1", "License: " + r.rightsIdentifier());
    }
    line(b, "ER", "");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void line(StringBuilder b, String tag, String value) {
    b.append(tag).append("  - ").append(value.replace('\r', ' ').replace('\n', ' ')).append("\r\n");
  }
}
