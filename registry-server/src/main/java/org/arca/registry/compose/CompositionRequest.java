package org.arca.registry.compose;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.arca.core.Digest;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.core.image.OciJson;

/**
 * What a composition asks for: a base and blocks by alias (blocks in the order their layers are stacked), run
 * settings, optionally the requester's own files (the digest of a tar pushed as a blob to the target repository; they
 * become the last layer), where to store the result, and whether later blocks (and the files) may override earlier
 * ones where they conflict.
 */
@Serdeable
record CompositionRequest(String base, List<String> blocks, @Nullable RunConfig config, @Nullable String repository,
    @Nullable String tag, @Nullable Boolean allowOverride, @Nullable String files) {
  static final int MAX_BLOCKS = 64;

  /** Run settings applied over the base's: env entries replace the base's of the same name; labels are merged. */
  @Serdeable
  record RunConfig(@Nullable List<String> env, @Nullable List<String> entrypoint, @Nullable List<String> cmd,
      @Nullable String workdir, @Nullable Map<String, String> labels) {}

  CompositionRequest {
    if (base == null || base.isBlank()) {
      throw invalid("a composition needs a base: the alias of a registered base (GET /api/v1/blocks/bases)");
    }
    if (blocks == null || blocks.isEmpty() || blocks.size() > MAX_BLOCKS) {
      throw invalid("a composition needs between 1 and " + MAX_BLOCKS + " blocks (aliases, GET /api/v1/blocks)");
    }
    if (blocks.stream().distinct().count() != blocks.size()) {
      throw invalid("a composition names each block once; " + blocks + " repeats one");
    }
    blocks = List.copyOf(blocks);
    if (files != null) {
      Digest.parse(files); // DIGEST_INVALID says what a digest looks like
      if (repository == null) {
        throw invalid("a composition with your own files needs a \"repository\" you may push to: the tar is pushed"
            + " there as a blob first, and the image is stored there");
      }
    }
  }

  boolean overrides() {
    return Boolean.TRUE.equals(allowOverride);
  }

  /**
   * The request as canonical JSON: the fields that decide the image (not where it is stored), in a fixed order with
   * labels sorted, so that equal requests give equal bytes and hence the same digest.
   */
  ObjectNode canonical() {
    ObjectNode root = OciJson.MAPPER.createObjectNode();
    root.put("base", base);
    ArrayNode list = root.putArray("blocks");
    blocks.forEach(list::add);
    ObjectNode run = root.putObject("config");
    if (config != null) {
      strings(run, "env", config.env());
      strings(run, "entrypoint", config.entrypoint());
      strings(run, "cmd", config.cmd());
      if (config.workdir() != null) {
        run.put("workdir", config.workdir());
      }
      if (config.labels() != null) {
        ObjectNode labels = run.putObject("labels");
        new TreeMap<>(config.labels()).forEach(labels::put);
      }
    }
    root.put("allowOverride", overrides());
    if (files != null) {
      root.put("files", files);
    }
    return root;
  }

  private static void strings(ObjectNode node, String field, List<String> values) {
    if (values != null) {
      ArrayNode list = node.putArray(field);
      values.forEach(list::add);
    }
  }

  static RegistryException invalid(String message) {
    return new RegistryException(OciError.UNSUPPORTED, message).withStatus(400);
  }
}
