package org.arca.core.image;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.OciError;
import org.arca.core.Platform;
import org.arca.core.RegistryException;

/**
 * Reads and writes the JSON documents of the image spec. Reading is strict where a lax parser would let two readers
 * see different documents in the same bytes: duplicate keys and trailing content are refused.
 */
public final class OciJson {
  /** Strict reader and plain writer shared by everything that handles OCI documents. */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private OciJson() {}

  /**
   * What is wrong with a JSON text, in the sender's terms: the parser's own words and where, without its class
   * names, or which limit it exceeds (numbers, strings and nesting are limited so that a small text cannot take
   * much memory or time).
   */
  public static String problem(JsonProcessingException e) {
    if (e instanceof StreamConstraintsException) {
      StreamReadConstraints limits = StreamReadConstraints.defaults();
      return "it goes beyond what is read (numbers of up to " + limits.getMaxNumberLength() + " digits, strings of"
          + " up to " + limits.getMaxStringLength() + " characters, arrays and objects nested up to "
          + limits.getMaxNestingDepth() + " deep)";
    }
    JsonLocation at = e.getLocation();
    return e.getOriginalMessage() + (at == null || at.getLineNr() < 1 ? ""
        : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
  }

  /** Parses a JSON object; anything else is answered with {@code error} naming {@code what}. */
  public static ObjectNode readObject(byte[] bytes, OciError error, String what) {
    try {
      JsonNode node = MAPPER.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new RegistryException(error, what + " is not a JSON object");
      }
      return (ObjectNode) node;
    } catch (JsonProcessingException e) {
      throw new RegistryException(error, what + " is not valid JSON: " + problem(e));
    } catch (IOException e) {
      throw new RegistryException(error, what + " could not be read: " + e.getMessage());
    }
  }

  /** Parses a JSON object from a stream, which is read to its end but never held beyond the tree. */
  public static ObjectNode readObject(InputStream in, OciError error, String what) throws IOException {
    try (JsonParser parser = MAPPER.createParser(in)) {
      JsonNode node = MAPPER.readTree(parser);
      if (node == null || !node.isObject()) {
        throw new RegistryException(error, what + " is not a JSON object");
      }
      return (ObjectNode) node;
    } catch (JsonProcessingException e) {
      throw new RegistryException(error, what + " is not valid JSON: " + problem(e));
    }
  }

  /**
   * Refuses a document that starts with a byte-order mark (UTF-8, or UTF-16/32, which JSON on the wire never uses),
   * or with a NUL byte (UTF-16/32 without a mark).
   */
  static void refuseByteOrderMark(byte[] bytes, String what) {
    int first = bytes.length > 0 ? bytes[0] & 0xff : -1;
    int second = bytes.length > 1 ? bytes[1] & 0xff : -1;
    if (first == 0xef && second == 0xbb && bytes.length > 2 && (bytes[2] & 0xff) == 0xbf) {
      throw invalid(what + " starts with a UTF-8 byte-order mark, which JSON does not allow (RFC 8259, 8.1) and"
          + " clients cannot parse; send the document without it");
    }
    if (first == 0xfe && second == 0xff || first == 0xff && second == 0xfe || first == 0 || second == 0) {
      throw invalid(what + " is not UTF-8 (it starts with a UTF-16 or UTF-32 byte-order mark or a NUL byte);"
          + " send it as UTF-8 JSON");
    }
  }

  static String optionalString(JsonNode parent, String field, String where) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw invalid(where + ": " + field + " must be a string");
    }
    return node.textValue();
  }

  static List<String> optionalStrings(JsonNode parent, String field, String where) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw invalid(where + ": " + field + " must be an array of strings");
    }
    List<String> values = new ArrayList<>(node.size());
    for (JsonNode item : node) {
      if (!item.isTextual()) {
        throw invalid(where + ": " + field + " must be an array of strings");
      }
      values.add(item.textValue());
    }
    return values;
  }

  static Map<String, String> optionalStringMap(JsonNode parent, String field, String where) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw invalid(where + ": " + field + " must be an object of strings");
    }
    Map<String, String> values = new LinkedHashMap<>();
    var fields = node.fields();
    while (fields.hasNext()) {
      var entry = fields.next();
      if (!entry.getValue().isTextual()) {
        throw invalid(where + ": " + field + "." + entry.getKey() + " must be a string");
      }
      values.put(entry.getKey(), entry.getValue().textValue());
    }
    return values;
  }

  /** Parses a descriptor object; a malformed one is {@link OciError#MANIFEST_INVALID}. */
  static Descriptor descriptor(JsonNode node, String where) {
    if (node == null || !node.isObject()) {
      throw invalid(where + " must be a descriptor object");
    }
    String mediaType = optionalString(node, "mediaType", where);
    if (mediaType == null) {
      throw invalid(where + ": mediaType is required");
    }
    String digestText = optionalString(node, "digest", where);
    if (digestText == null) {
      throw invalid(where + ": digest is required");
    }
    Digest digest;
    try {
      digest = Digest.parse(digestText);
    } catch (RegistryException e) {
      throw invalid(where + ": " + e.getMessage());
    }
    JsonNode size = node.get("size");
    if (size == null || !size.canConvertToLong() || !size.isIntegralNumber()) {
      throw invalid(where + ": size must be an integer");
    }
    Platform platform = null;
    JsonNode platformNode = node.get("platform");
    if (platformNode != null && !platformNode.isNull()) {
      if (!platformNode.isObject()) {
        throw invalid(where + ": platform must be an object");
      }
      platform = new Platform(
          optionalString(platformNode, "os", where + ".platform"),
          optionalString(platformNode, "architecture", where + ".platform"),
          optionalString(platformNode, "variant", where + ".platform"),
          optionalString(platformNode, "os.version", where + ".platform"),
          optionalStrings(platformNode, "os.features", where + ".platform"));
    }
    return new Descriptor(mediaType, digest, size.longValue(), optionalString(node, "artifactType", where),
        optionalStringMap(node, "annotations", where), platform, optionalStrings(node, "urls", where));
  }

  static <T> List<T> list(JsonNode parent, String field, String where, boolean required,
      Function<JsonNode, T> each) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      if (required) {
        throw invalid(where + ": " + field + " is required");
      }
      return List.of();
    }
    if (!node.isArray()) {
      throw invalid(where + ": " + field + " must be an array");
    }
    List<T> values = new ArrayList<>(node.size());
    for (JsonNode item : node) {
      values.add(each.apply(item));
    }
    return values;
  }

  /** Writes a descriptor in the image spec's field order, leaving out empty optional fields. */
  public static ObjectNode write(Descriptor descriptor) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("mediaType", descriptor.mediaType());
    node.put("digest", descriptor.digest().toString());
    node.put("size", descriptor.size());
    if (descriptor.artifactType() != null) {
      node.put("artifactType", descriptor.artifactType());
    }
    if (!descriptor.urls().isEmpty()) {
      var urls = node.putArray("urls");
      descriptor.urls().forEach(urls::add);
    }
    if (!descriptor.annotations().isEmpty()) {
      ObjectNode annotations = node.putObject("annotations");
      descriptor.annotations().forEach(annotations::put);
    }
    Platform platform = descriptor.platform();
    if (platform != null) {
      ObjectNode p = node.putObject("platform");
      p.put("architecture", platform.architecture());
      p.put("os", platform.os());
      if (platform.osVersion() != null) {
        p.put("os.version", platform.osVersion());
      }
      if (!platform.osFeatures().isEmpty()) {
        var features = p.putArray("os.features");
        platform.osFeatures().forEach(features::add);
      }
      if (platform.variant() != null) {
        p.put("variant", platform.variant());
      }
    }
    return node;
  }

  /** Serialises a tree to bytes. */
  public static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }

  static RegistryException invalid(String message) {
    return new RegistryException(OciError.MANIFEST_INVALID, message);
  }
}
