package org.arca.search.loader;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.image.OciJson;
import org.arca.search.recipe.Recipe;
import org.arca.search.recipe.RecipeKind;

/**
 * A small OCI image made from a recipe, and the recipe attached to it as an artifact. The image has one layer (the
 * recipe file at {@code /arca/recipe/<name>}, in a gzip-compressed tar), a config with the recipe's labels and
 * environment and one history entry per instruction, and annotations naming its title, version, base image and
 * source file. Everything is written deterministically (time 0, fixed owners), so loading the same recipe twice
 * yields the same digests.
 *
 * @param blobs every blob the two manifests reference
 */
public record RecipeImage(List<Blob> blobs, Blob manifest, Blob artifact) {
  static final String RECIPE_DIR = "arca/recipe/";
  private static final String EPOCH = "1970-01-01T00:00:00Z";
  /** A history entry's {@code created_by} is for reading; a whole %post section is kept, up to this. */
  private static final int MAX_HISTORY_ENTRY = 8 * 1024;

  public static RecipeImage of(RecipeFile file, Recipe recipe, byte[] recipeBytes) {
    String fileName = file.path().getFileName().toString();
    Blob layer = Blob.of(MediaTypes.OCI_LAYER_GZIP, tarGz(RECIPE_DIR + fileName, recipeBytes));
    Digest diffId = Digest.sha256(tar(RECIPE_DIR + fileName, recipeBytes));
    Blob config = Blob.of(MediaTypes.OCI_CONFIG, config(recipe, fileName, diffId));

    Map<String, String> annotations = new LinkedHashMap<>();
    String tool = file.repository().components().get(file.repository().components().size() - 1);
    annotations.put("org.opencontainers.image.title", recipe.labels().getOrDefault("software", tool));
    annotations.put("org.opencontainers.image.version", file.tag());
    annotations.put("org.opencontainers.image.created", EPOCH);
    if (recipe.baseImage() != null) {
      annotations.put("org.opencontainers.image.base.name", recipe.baseImage());
    }
    if (!recipe.labels().containsKey("about.summary") && recipe.help() != null) {
      String paragraph = recipe.help().strip().split("\\n\\s*\\n", 2)[0].strip().replaceAll("\\s+", " ");
      annotations.put("org.opencontainers.image.description",
          paragraph.length() > 500 ? paragraph.substring(0, 500) : paragraph);
    }
    annotations.put("org.arca.recipe.source", file.relativePath());
    Blob manifest = Blob.of(MediaTypes.OCI_MANIFEST, manifest(null, config.descriptor(), List.of(layer.descriptor()),
        null, annotations));

    Blob empty = Blob.of(MediaTypes.OCI_EMPTY, MediaTypes.EMPTY_JSON.getBytes(StandardCharsets.UTF_8));
    Blob recipeBlob = Blob.of(RecipeKind.LAYER_MEDIA_TYPE, recipeBytes);
    Descriptor recipeLayer = recipeBlob.descriptor()
        .withAnnotations(Map.of("org.opencontainers.image.title", fileName));
    Blob artifact = Blob.of(MediaTypes.OCI_MANIFEST, manifest(file.kind().artifactType(), empty.descriptor(),
        List.of(recipeLayer), manifest.descriptor(), Map.of("org.opencontainers.image.created", EPOCH)));
    return new RecipeImage(List.of(layer, config, empty, recipeBlob), manifest, artifact);
  }

  private static byte[] config(Recipe recipe, String fileName, Digest diffId) {
    ObjectNode root = OciJson.MAPPER.createObjectNode();
    root.put("created", EPOCH);
    root.put("architecture", "amd64");
    root.put("os", "linux");
    ObjectNode config = root.putObject("config");
    ArrayNode env = config.putArray("Env");
    env.add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    recipe.env().forEach(env::add);
    ObjectNode labels = config.putObject("Labels");
    recipe.labels().forEach(labels::put);
    ObjectNode rootfs = root.putObject("rootfs");
    rootfs.put("type", "layers");
    rootfs.putArray("diff_ids").add(diffId.toString());
    ArrayNode history = root.putArray("history");
    for (String instruction : recipe.instructions()) {
      ObjectNode entry = history.addObject();
      entry.put("created", EPOCH);
      entry.put("created_by", instruction.length() > MAX_HISTORY_ENTRY
          ? instruction.substring(0, MAX_HISTORY_ENTRY) : instruction);
      entry.put("empty_layer", true);
    }
    ObjectNode layer = history.addObject();
    layer.put("created", EPOCH);
    layer.put("created_by", "COPY " + fileName + " /" + RECIPE_DIR + " # arca load-recipes");
    return OciJson.bytes(root);
  }

  /** An OCI image manifest's bytes; {@code artifactType}, {@code subject} and {@code annotations} are optional. */
  public static byte[] manifest(String artifactType, Descriptor config, List<Descriptor> layers, Descriptor subject,
      Map<String, String> annotations) {
    ObjectNode root = OciJson.MAPPER.createObjectNode();
    root.put("schemaVersion", 2);
    root.put("mediaType", MediaTypes.OCI_MANIFEST);
    if (artifactType != null) {
      root.put("artifactType", artifactType);
    }
    root.set("config", OciJson.write(config));
    ArrayNode layerArray = root.putArray("layers");
    layers.forEach(layer -> layerArray.add(OciJson.write(layer)));
    if (subject != null) {
      root.set("subject", OciJson.write(subject));
    }
    if (annotations != null && !annotations.isEmpty()) {
      ObjectNode a = root.putObject("annotations");
      annotations.forEach(a::put);
    }
    return OciJson.bytes(root);
  }

  /** A tar holding one file under its directories, owned by root, dated 0. */
  static byte[] tar(String path, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeTar(out, path, content);
    return out.toByteArray();
  }

  static byte[] tarGz(String path, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      writeTar(gzip, path, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void writeTar(java.io.OutputStream out, String path, byte[] content) {
    try {
      TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      List<String> dirs = new ArrayList<>();
      int slash = path.indexOf('/');
      while (slash >= 0) {
        dirs.add(path.substring(0, slash + 1));
        slash = path.indexOf('/', slash + 1);
      }
      for (String dir : dirs) {
        TarArchiveEntry entry = new TarArchiveEntry(dir);
        entry.setMode(040755);
        entry.setModTime(0);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
      }
      TarArchiveEntry file = new TarArchiveEntry(path);
      file.setMode(0100644);
      file.setSize(content.length);
      file.setModTime(0);
      tar.putArchiveEntry(file);
      tar.write(content);
      tar.closeArchiveEntry();
      tar.finish();
      tar.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
