package org.arca.preservation.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.arca.core.image.OciJson;

/**
 * An in-toto Statement: what is attested ({@code subject}), what kind of claim it is ({@code predicateType}) and
 * the claim ({@code predicate}). Both the v0.1 and the v1 statement types are read.
 *
 * @see <a href="https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md">in-toto Statement v1</a>
 */
public record InTotoStatement(String type, List<StatementSubject> subjects, String predicateType, JsonNode predicate) {
  public static final String TYPE_V01 = "https://in-toto.io/Statement/v0.1";
  public static final String TYPE_V1 = "https://in-toto.io/Statement/v1";
  /** The media type of a statement as an OCI layer, and of a DSSE payload holding one. */
  public static final String MEDIA_TYPE = "application/vnd.in-toto+json";

  public InTotoStatement {
    subjects = List.copyOf(subjects);
  }

  /** Parses a statement's JSON; throws {@link AttestationException} when it is not one. */
  public static InTotoStatement parse(byte[] json) {
    JsonNode root;
    try {
      root = OciJson.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new AttestationException("in-toto statement is not valid JSON: " + e.getMessage(), e);
    }
    return from(root);
  }

  static InTotoStatement from(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new AttestationException("in-toto statement is not a JSON object");
    }
    String type = root.path("_type").asText("");
    if (!type.equals(TYPE_V01) && !type.equals(TYPE_V1)) {
      throw new AttestationException("not an in-toto statement: _type is '" + type + "'");
    }
    List<StatementSubject> subjects = new ArrayList<>();
    for (JsonNode s : root.path("subject")) {
      Map<String, String> digests = new LinkedHashMap<>();
      s.path("digest").fields().forEachRemaining(e -> digests.put(e.getKey(), e.getValue().asText()));
      subjects.add(new StatementSubject(s.path("name").asText(null), digests));
    }
    String predicateType = root.path("predicateType").asText(null);
    if (predicateType == null) {
      throw new AttestationException("in-toto statement without predicateType");
    }
    return new InTotoStatement(type, subjects, predicateType, root.path("predicate"));
  }

  /** The statement as JSON (as written by Arca: field order of the spec). */
  public byte[] toJson() {
    ObjectNode root = OciJson.MAPPER.createObjectNode();
    root.put("_type", type);
    var subject = root.putArray("subject");
    for (StatementSubject s : subjects) {
      ObjectNode o = subject.addObject();
      if (s.name() != null) {
        o.put("name", s.name());
      }
      ObjectNode digest = o.putObject("digest");
      s.digest().forEach(digest::put);
    }
    root.put("predicateType", predicateType);
    root.set("predicate", predicate);
    return OciJson.bytes(root);
  }
}
