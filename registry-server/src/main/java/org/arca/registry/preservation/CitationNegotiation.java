package org.arca.registry.preservation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.preservation.citation.CitationFormat;

/**
 * Chooses what a landing page URL answers, as DOI content negotiation does: the {@code Accept} header's media types in
 * order of preference ({@code q}), with a bibliography's {@code style} and {@code locale} as media type parameters
 * ({@code text/x-bibliography; style=apa; locale=en-GB}). A {@code format} query parameter (a media type or a short
 * name such as {@code bibtex}) wins over the header, and {@code style}/{@code locale} query parameters over the
 * header's, so that plain links can ask for a format. People's browsers get HTML. CSL-JSON is one object, as DOI
 * content negotiation answers it, unless a list is asked for: {@code application/vnd.citationstyles.csl+json;
 * list=true}, or the query {@code ?format=csl-json&list=true}.
 *
 * @see <a href="https://citation.crosscite.org/docs.html">DOI content negotiation</a>
 */
final class CitationNegotiation {

  /**
   * What to answer: HTML (format null) or a citation format, with the style and locale of a bibliography, and whether
   * a list of items was asked for rather than one item.
   */
  record Choice(CitationFormat format, String style, String locale, boolean list) {
    Choice(CitationFormat format, String style, String locale) {
      this(format, style, locale, false);
    }

    boolean html() {
      return format == null;
    }
  }

  private record Entry(String type, double quality, Map<String, String> parameters, int order) {}

  private CitationNegotiation() {}

  /** What to answer for an {@code Accept} header and the query parameters of the same names. */
  static Choice choose(String accept, String format, String style, String locale, String list) {
    if (format != null && !format.isBlank()) {
      String f = format.trim().toLowerCase(Locale.ROOT);
      if (f.equals("html") || f.equals("text/html")) {
        return new Choice(null, style, locale);
      }
      CitationFormat chosen = CitationFormat.of(f).orElseThrow(() -> unsupported("format '" + format + "'"));
      return new Choice(chosen, style, locale, "true".equalsIgnoreCase(list));
    }
    List<Entry> entries = parse(accept);
    for (Entry entry : entries) {
      if (entry.quality() <= 0) {
        continue;
      }
      String s = style != null ? style : entry.parameters().get("style");
      String l = locale != null ? locale : entry.parameters().get("locale");
      switch (entry.type()) {
        case "text/html", "application/xhtml+xml", "*/*", "text/*" -> {
          return new Choice(null, s, l);
        }
        default -> {
          Optional<CitationFormat> known = CitationFormat.of(entry.type());
          if (known.isPresent()) {
            return new Choice(known.get(), s, l, list != null ? "true".equalsIgnoreCase(list) : list(entry));
          }
        }
      }
    }
    if (entries.isEmpty()) {
      return new Choice(null, style, locale);
    }
    throw unsupported("Accept: " + accept);
  }

  private static boolean list(Entry entry) {
    return "true".equalsIgnoreCase(entry.parameters().get("list"));
  }

  private static List<Entry> parse(String accept) {
    List<Entry> entries = new ArrayList<>();
    if (accept == null || accept.isBlank()) {
      return entries;
    }
    int order = 0;
    for (String part : accept.split(",")) {
      String[] pieces = part.split(";");
      String type = pieces[0].trim().toLowerCase(Locale.ROOT);
      if (type.isEmpty()) {
        continue;
      }
      double quality = 1;
      Map<String, String> parameters = new LinkedHashMap<>();
      for (int i = 1; i < pieces.length; i++) {
        int eq = pieces[i].indexOf('=');
        if (eq < 0) {
          continue;
        }
        String name = pieces[i].substring(0, eq).trim().toLowerCase(Locale.ROOT);
        String value = pieces[i].substring(eq + 1).trim().replace("\"", "");
        if (name.equals("q")) {
          try {
            quality = Double.parseDouble(value);
          } catch (NumberFormatException e) {
            quality = 0;
          }
        } else {
          parameters.put(name, value);
        }
      }
      entries.add(new Entry(type, quality, parameters, order++));
    }
    // stable: equal preference keeps the client's order
    entries.sort(Comparator.comparingDouble(Entry::quality).reversed().thenComparingInt(Entry::order));
    return entries;
  }

  private static RegistryException unsupported(String what) {
    StringBuilder types = new StringBuilder("text/html");
    for (CitationFormat f : CitationFormat.values()) {
      types.append(", ").append(f.mediaType());
    }
    return new RegistryException(OciError.UNSUPPORTED, "cannot answer " + what + "; this page is available as "
        + types).withStatus(406);
  }
}
