package org.arca.registry.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.core.image.OciJson;

/** Reading the JSON bodies of {@code /api/v1} requests: a bad body is answered 400 with what is wrong. */
public final class JsonRequests {
  private JsonRequests() {}

  /** The body as a JSON object. */
  public static JsonNode object(byte[] body) {
    if (body == null || body.length == 0) {
      throw invalid("the request needs a JSON body");
    }
    try {
      return OciJson.readObject(body, OciError.UNSUPPORTED, "the request body");
    } catch (RegistryException e) {
      throw e.withStatus(400);
    }
  }

  /** A text field that must be there and not blank. */
  public static String required(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw invalid("the request needs \"" + field + "\"");
    }
    return value.asText();
  }

  /** A 400 answer with {@code message}. */
  public static RegistryException invalid(String message) {
    return new RegistryException(OciError.UNSUPPORTED, message).withStatus(400);
  }
}
