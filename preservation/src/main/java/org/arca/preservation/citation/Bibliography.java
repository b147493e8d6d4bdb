package org.arca.preservation.citation;

import com.fasterxml.jackson.core.type.TypeReference;
import de.undercouch.citeproc.CSL;
import de.undercouch.citeproc.CSLBuilder;
import de.undercouch.citeproc.ListItemDataProvider;
import de.undercouch.citeproc.csl.CSLItemData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.arca.core.image.OciJson;
import org.arca.preservation.metadata.DoiMetadata;

/**
 * Formats a record as a bibliography entry ({@code text/x-bibliography}) in a CSL style, with citeproc-java and the
 * official CSL styles and locales from the classpath (nothing is fetched). The record goes through its CSL-JSON, so
 * what a reference manager imports and what this prints agree.
 *
 * <p>Short names cover the styles researchers ask for most; any other official style id works too. The Vancouver
 * style of the CSL repository is now called {@code nlm-citation-sequence}, so {@code vancouver} maps to it.
 *
 * @see <a href="https://docs.citationstyles.org/en/stable/specification.html">CSL 1.0.2</a>
 */
public final class Bibliography {
  public static final String MEDIA_TYPE = "text/x-bibliography";
  public static final String DEFAULT_STYLE = "apa";
  public static final String DEFAULT_LOCALE = "en-US";

  /** Short style names and the CSL style each stands for. */
  public static final Map<String, String> NAMED_STYLES;

  static {
    Map<String, String> styles = new LinkedHashMap<>();
    styles.put("apa", "apa");
    styles.put("chicago", "chicago-author-date");
    styles.put("harvard", "harvard-cite-them-right");
    styles.put("ieee", "ieee");
    styles.put("mla", "modern-language-association");
    styles.put("vancouver", "nlm-citation-sequence");
    styles.put("nature", "nature");
    NAMED_STYLES = Collections.unmodifiableMap(styles);
  }

  /** The output format of the entry. */
  public enum Format { TEXT, HTML }

  private static final java.util.regex.Pattern LONE_NUMBER = java.util.regex.Pattern.compile("^(\\[1]|1\\.)\\s*");
  private final CslJson csl = new CslJson();

  /** The style id citeproc loads for {@code style} (a short name or a CSL style id). */
  public String resolveStyle(String style) {
    String name = style == null || style.isBlank() ? DEFAULT_STYLE : style.trim().toLowerCase(Locale.ROOT);
    String id = NAMED_STYLES.getOrDefault(name, name);
    if (!id.matches("[a-z0-9-]+") || !CSL.supportsStyle(id)) {
      throw new UnknownStyleException(style, Set.copyOf(NAMED_STYLES.keySet()));
    }
    return id;
  }

  /** One formatted entry, without trailing newline. */
  public String render(DoiMetadata metadata, String style, String locale, Format format) {
    String styleId = resolveStyle(style);
    CSLItemData item = item(metadata);
    try {
      CSL processor = new CSLBuilder().itemDataProvider(new ListItemDataProvider(item)).style(styleId)
          .lang(locale == null || locale.isBlank() ? DEFAULT_LOCALE : locale).build();
      processor.setOutputFormat(format == Format.HTML ? "html" : "text");
      processor.registerCitationItems(item.getId());
      String entry = processor.makeBibliography().makeString().strip();
      if (format == Format.TEXT) {
        // numbered styles label the only entry "1." or "[1]", glued to the text; a lone reference needs no number
        entry = LONE_NUMBER.matcher(entry).replaceFirst("");
      }
      return withIdentifier(entry, metadata, format);
    } catch (IOException e) {
      throw new UncheckedIOException("render a bibliography entry in style " + styleId, e);
    }
  }

  /**
   * Some styles (Nature's, for one) print no URL for software without a DOI; a reference that cannot lead the reader
   * to the exact image defeats its purpose, so the identifier URL is appended when the style left it out.
   */
  private static String withIdentifier(String entry, DoiMetadata metadata, Format format) {
    String url = metadata.identifierUrl();
    boolean present = entry.contains(url)
        || metadata.doi() != null && entry.toLowerCase(Locale.ROOT).contains(metadata.doi().toString());
    if (present) {
      return entry;
    }
    if (format == Format.HTML) {
      return entry + "\n<div class=\"csl-identifier\"><a href=\"" + url + "\">" + url + "</a></div>";
    }
    return entry + " " + url;
  }

  private CSLItemData item(DoiMetadata metadata) {
    Map<String, Object> json = OciJson.MAPPER.convertValue(csl.item(metadata), new TypeReference<>() {});
    return CSLItemData.fromJson(json);
  }
}
