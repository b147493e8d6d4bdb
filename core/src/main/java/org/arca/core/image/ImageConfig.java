package org.arca.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.arca.core.Digest;
import org.arca.core.OciError;
import org.arca.core.RegistryException;

/**
 * The parts of an image configuration (OCI or Docker) that Arca's features read: platform, run settings, labels,
 * history and layer diff ids.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/v1.1.1/config.md">image configuration</a>
 */
public record ImageConfig(
    String architecture,
    String os,
    String variant,
    String created,
    String author,
    String user,
    String workingDir,
    List<String> env,
    List<String> entrypoint,
    List<String> cmd,
    Map<String, String> labels,
    List<History> history,
    List<Digest> diffIds) {

  /** One entry of the build history: the Dockerfile instruction that made it, as built. */
  public record History(String created, String createdBy, String author, String comment, boolean emptyLayer) {}

  public ImageConfig {
    env = List.copyOf(env);
    entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
    cmd = cmd == null ? null : List.copyOf(cmd);
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    history = List.copyOf(history);
    diffIds = List.copyOf(diffIds);
  }

  /** The {@code created} time, if present and a valid RFC 3339 date-time. */
  public Optional<Instant> createdInstant() {
    if (created == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(created).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  public static ImageConfig parse(byte[] bytes) {
    return from(OciJson.readObject(bytes, OciError.MANIFEST_INVALID, "image config"));
  }

  public static ImageConfig parse(InputStream in) throws IOException {
    return from(OciJson.readObject(in, OciError.MANIFEST_INVALID, "image config"));
  }

  private static ImageConfig from(ObjectNode root) {
    String where = "image config";
    JsonNode config = root.get("config");
    if (config == null || !config.isObject()) {
      config = OciJson.MAPPER.createObjectNode();
    }
    String inner = where + ".config";
    List<History> history = OciJson.list(root, "history", where, false, node -> new History(
        OciJson.optionalString(node, "created", where + ".history"),
        OciJson.optionalString(node, "created_by", where + ".history"),
        OciJson.optionalString(node, "author", where + ".history"),
        OciJson.optionalString(node, "comment", where + ".history"),
        node.path("empty_layer").asBoolean(false)));
    List<Digest> diffIds = List.of();
    JsonNode rootfs = root.get("rootfs");
    if (rootfs != null && rootfs.isObject()) {
      diffIds = OciJson.optionalStrings(rootfs, "diff_ids", where + ".rootfs").stream().map(text -> {
        try {
          return Digest.parse(text);
        } catch (RegistryException e) {
          throw OciJson.invalid(where + ".rootfs.diff_ids: " + e.getMessage());
        }
      }).toList();
    }
    return new ImageConfig(
        OciJson.optionalString(root, "architecture", where),
        OciJson.optionalString(root, "os", where),
        OciJson.optionalString(root, "variant", where),
        OciJson.optionalString(root, "created", where),
        OciJson.optionalString(root, "author", where),
        OciJson.optionalString(config, "User", inner),
        OciJson.optionalString(config, "WorkingDir", inner),
        OciJson.optionalStrings(config, "Env", inner),
        config.hasNonNull("Entrypoint") ? OciJson.optionalStrings(config, "Entrypoint", inner) : null,
        config.hasNonNull("Cmd") ? OciJson.optionalStrings(config, "Cmd", inner) : null,
        OciJson.optionalStringMap(config, "Labels", inner),
        history,
        diffIds);
  }
}
