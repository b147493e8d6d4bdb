package org.arca.preservation.citation;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import org.arca.preservation.metadata.Creator;
import org.arca.preservation.metadata.DoiMetadata;
import org.arca.preservation.metadata.NameType;
import org.arca.preservation.metadata.Rights;

/**
 * Writes a BibTeX entry ({@code application/x-bibtex}): {@code @software} as biblatex defines it, or {@code @misc}
 * for classic BibTeX styles that know no software type.
 *
 * @see <a href="https://ctan.org/pkg/biblatex">biblatex: the software entry type</a>
 */
public final class BibTex implements CitationWriter {
  public static final String MEDIA_TYPE = "application/x-bibtex";

  /** The entry type to write. */
  public enum EntryType { SOFTWARE, MISC }

  private final EntryType type;

  public BibTex(EntryType type) {
    this.type = type;
  }

  @Override
  public byte[] write(DoiMetadata m) {
    StringBuilder b = new StringBuilder();
    b.append('@').append(type.name().toLowerCase(Locale.ROOT)).append('{').append(key(m)).append(",\n");
    field(b, "author", String.join(" and ", m.creators().stream().map(BibTex::name).toList()), false);
    field(b, "title", escape(m.title()), true);
    field(b, "year", Integer.toString(m.publicationYear()), false);
    field(b, "publisher", escape(m.publisher()), false);
    if (m.version() != null) {
      field(b, "version", escape(m.version()), false);
    }
    if (m.doi() != null) {
      field(b, "doi", m.doi().toString(), false);
    }
    field(b, "url", m.identifierUrl(), false);
    if (type == EntryType.MISC) {
      field(b, "howpublished", "\\url{" + m.identifierUrl() + "}", false);
    }
    List<Rights> licenses = m.licenses();
    if (!licenses.isEmpty()) {
      field(b, "license", escape(String.join(" AND ", licenses.stream().map(Rights::rightsIdentifier).toList())),
          false);
    }
    String note = m.resourceType().specific() + m.digest().map(d -> ", OCI manifest digest " + d).orElse("")
        + m.unregisteredDoiNote().map(n -> ". " + n).orElse("");
    field(b, "note", escape(note), false);
    b.setLength(b.length() - 2);
    b.append("\n}\n");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** {@code familyYearWord}: ASCII letters only, so that every BibTeX and biber accepts it. */
  static String key(DoiMetadata m) {
    Creator first = m.creators().get(0);
    String who = first.familyName() != null ? first.familyName() : first.name();
    String word = m.title().split("[^\\p{L}\\p{N}]+").length > 0 ? m.title().split("[^\\p{L}\\p{N}]+")[0] : "image";
    return ascii(who) + m.publicationYear() + ascii(word);
  }

  private static String ascii(String text) {
    String plain = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("[^A-Za-z0-9]", "");
    return plain.isEmpty() ? "x" : plain.toLowerCase(Locale.ROOT);
  }

  private static String name(Creator c) {
    if (c.familyName() != null) {
      return escape(c.familyName()) + (c.givenName() != null ? ", " + escape(c.givenName()) : "");
    }
    // Braces keep an organisation's or account's name whole instead of splitting it into given and family names.
    return c.nameType() == NameType.PERSONAL && c.name().contains(",") ? escape(c.name()) : "{" + escape(c.name()) + "}";
  }

  /** Appends {@code name = {text}}; {@code text} is already escaped (URLs and DOIs are verbatim by design). */
  private static void field(StringBuilder b, String name, String text, boolean keepCase) {
    b.append("  ").append(name).append(" = {").append(keepCase ? "{" + text + "}" : text).append("},\n");
  }

  /** Escapes LaTeX's special characters so that titles and names print as written. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '\\' -> out.append("\\textbackslash{}");
        case '{', '}', '&', '%', '$', '#', '_' -> out.append('\\').append(c);
        case '~' -> out.append("\\textasciitilde{}");
        case '^' -> out.append("\\textasciicircum{}");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
