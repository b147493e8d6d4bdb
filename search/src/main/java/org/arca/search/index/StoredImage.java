package org.arca.search.index;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.arca.search.image.ImageContent;
import org.arca.search.recipe.InstalledPackage;

/**
 * The part of an indexed image that is kept in the index as JSON ({@link SearchFields#SOURCE}): its content and push
 * time, from which a document is rebuilt when only tags, recipes or flags change.
 */
public record StoredImage(Instant pushedAt, ImageContent content) {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .findAndAddModules()
      .build();

  byte[] toBytes() {
    try {
      return JSON.writeValueAsBytes(new Stored(pushedAt == null ? 0 : pushedAt.toEpochMilli(), content));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static StoredImage fromBytes(byte[] bytes) {
    try {
      Stored stored = JSON.readValue(bytes, Stored.class);
      return new StoredImage(Instant.ofEpochMilli(stored.pushedAtMillis()), stored.content());
    } catch (IOException e) {
      throw new UncheckedIOException("an indexed image's stored source is unreadable", e);
    }
  }

  /**
   * Only the packages of a stored image, read without building the rest: search hits show matching packages, and
   * the documentation text stored after them can be far longer than everything else.
   */
  public static List<InstalledPackage> packagesOf(byte[] bytes, int offset, int length) {
    try (JsonParser parser = JSON.createParser(bytes, offset, length)) {
      parser.nextToken();
      if (enter(parser, "content") && enter(parser, "packages")) {
        return List.of(JSON.readValue(parser, InstalledPackage[].class));
      }
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("an indexed image's stored source is unreadable", e);
    }
  }

  /** Moves the parser from the start of an object to the value of its {@code field}; false if it has none. */
  private static boolean enter(JsonParser parser, String field) throws IOException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      return false;
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      boolean found = field.equals(parser.currentName());
      JsonToken value = parser.nextToken();
      if (found) {
        return value != JsonToken.VALUE_NULL;
      }
      parser.skipChildren();
    }
    return false;
  }

  /** The JSON shape: an epoch-millisecond time needs no Java time module. */
  record Stored(long pushedAtMillis, ImageContent content) {}
}
