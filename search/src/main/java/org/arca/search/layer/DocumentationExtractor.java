package org.arca.search.layer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.tika.Tika;
import org.apache.tika.exception.TikaException;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.arca.search.image.FoundDocument;

/**
 * Detects the type of a documentation file found in an image (README, licence, copyright) and extracts its text
 * with Tika, within size caps: only the first {@link #MAX_FILE_BYTES} of a file are read, only
 * {@code maxTextChars} of text kept.
 */
public final class DocumentationExtractor {
  public static final int MAX_FILE_BYTES = 256 * 1024;

  private final Tika tika = new Tika();
  private final int maxTextChars;

  public DocumentationExtractor(int maxTextChars) {
    this.maxTextChars = maxTextChars;
    tika.setMaxStringLength(maxTextChars);
  }

  /** The document's text, or null when it is not text Tika can read (a binary, an image). */
  public FoundDocument extract(String path, InputStream in) throws IOException {
    byte[] head = in.readNBytes(MAX_FILE_BYTES);
    String name = path.substring(path.lastIndexOf('/') + 1);
    Metadata metadata = new Metadata();
    metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
    String type = tika.detect(head, name);
    if (!type.startsWith("text/") && !type.equals("application/xhtml+xml")) {
      return null;
    }
    try (InputStream content = new ByteArrayInputStream(head)) {
      String text = tika.parseToString(content, metadata, maxTextChars).strip();
      return text.isEmpty() ? null : new FoundDocument(path, type, text);
    } catch (TikaException e) {
      return null; // a file that only looks like text: not worth failing the image for
    }
  }
}
