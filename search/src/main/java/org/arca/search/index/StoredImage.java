package org.arca.search.index;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.arca.search.image.ImageContent;

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

  /** The JSON shape: an epoch-millisecond time needs no Java time module. */
  record Stored(long pushedAtMillis, ImageContent content) {}
}
