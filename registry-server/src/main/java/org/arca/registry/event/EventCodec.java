package org.arca.registry.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.arca.core.Digest;
import org.arca.core.OciError;
import org.arca.core.RepositoryName;
import org.arca.core.event.ImageFactsChanged;
import org.arca.core.event.ManifestDeleted;
import org.arca.core.event.ManifestPushed;
import org.arca.core.event.RegistryEvent;
import org.arca.core.event.TagDeleted;
import org.arca.core.event.TagMoved;
import org.arca.core.image.OciJson;

/**
 * The JSON of a logged event. Written field by field rather than by reflection, so that the log's format is written
 * down here and an event record can gain a field without making older rows unreadable (a missing field reads null).
 */
final class EventCodec {
  private EventCodec() {}

  /** The type column of the log: the record's simple name. */
  static String type(RegistryEvent event) {
    return event.getClass().getSimpleName();
  }

  static String write(RegistryEvent event) {
    ObjectNode node = OciJson.MAPPER.createObjectNode();
    node.put("repository", event.repository().value());
    node.put("at", event.at().toString());
    if (event instanceof ManifestPushed e) {
      node.put("digest", e.digest().toString());
      node.put("mediaType", e.mediaType());
      node.put("tag", e.tag());
      node.put("artifactType", e.artifactType());
      node.put("subject", text(e.subject()));
      node.put("pusher", e.pusher());
      node.put("userAgent", e.userAgent());
    } else if (event instanceof TagMoved e) {
      node.put("tag", e.tag());
      node.put("previous", text(e.previous()));
      node.put("current", e.current().toString());
    } else if (event instanceof TagDeleted e) {
      node.put("tag", e.tag());
      node.put("previous", text(e.previous()));
    } else if (event instanceof ManifestDeleted e) {
      node.put("digest", e.digest().toString());
      e.removedTags().forEach(node.putArray("removedTags")::add);
    } else if (event instanceof ImageFactsChanged e) {
      node.put("digest", e.digest().toString());
      node.put("fact", e.fact());
    }
    return new String(OciJson.bytes(node), StandardCharsets.UTF_8);
  }

  static RegistryEvent read(String type, String payload) {
    ObjectNode node = OciJson.readObject(payload.getBytes(StandardCharsets.UTF_8), OciError.MANIFEST_INVALID,
        "logged " + type + " event");
    RepositoryName repository = RepositoryName.parse(node.path("repository").asText());
    Instant at = Instant.parse(node.path("at").asText());
    return switch (type) {
      case "ManifestPushed" -> new ManifestPushed(repository, digest(node, "digest"), string(node, "mediaType"),
          string(node, "tag"), string(node, "artifactType"), digest(node, "subject"), string(node, "pusher"),
          string(node, "userAgent"), at);
      case "TagMoved" -> new TagMoved(repository, string(node, "tag"), digest(node, "previous"),
          digest(node, "current"), at);
      case "TagDeleted" -> new TagDeleted(repository, string(node, "tag"), digest(node, "previous"), at);
      case "ManifestDeleted" -> {
        List<String> tags = new ArrayList<>();
        node.path("removedTags").forEach(t -> tags.add(t.asText()));
        yield new ManifestDeleted(repository, digest(node, "digest"), tags, at);
      }
      case "ImageFactsChanged" -> new ImageFactsChanged(repository, digest(node, "digest"), string(node, "fact"), at);
      default -> throw new IllegalArgumentException("read logged event: unknown type " + type);
    };
  }

  private static String text(Digest digest) {
    return digest == null ? null : digest.toString();
  }

  private static String string(ObjectNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static Digest digest(ObjectNode node, String field) {
    String value = string(node, field);
    return value == null ? null : Digest.parse(value);
  }
}
