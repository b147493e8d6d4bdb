package org.arca.registry.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.arca.core.image.OciJson;

/**
 * The error body the distribution spec defines, {@code {"errors":[{"code","message","detail"}]}}, used for every
 * error Arca answers, in the OCI API and elsewhere.
 */
public final class ErrorBodies {
  private ErrorBodies() {}

  public static byte[] body(String code, String message, Object detail) {
    ObjectNode root = OciJson.MAPPER.createObjectNode();
    ArrayNode errors = root.putArray("errors");
    ObjectNode error = errors.addObject();
    error.put("code", code);
    error.put("message", message == null ? "" : message);
    if (detail != null) {
      error.set("detail", OciJson.MAPPER.valueToTree(detail));
    }
    return OciJson.bytes(root);
  }
}
