package org.arca.registry.testing;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.image.OciJson;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds OCI documents and random content for tests. */
public final class TestImages {
  private static final Random RANDOM = new Random(20261125);

  private TestImages() {}

  public static synchronized byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  public static byte[] config(String architecture) {
    return ("{\"architecture\":\"" + architecture + "\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
        + "\"diff_ids\":[]},\"config\":{\"Labels\":{\"test\":\"" + architecture + "\"}}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  public static Descriptor descriptor(String mediaType, byte[] content) {
    return new Descriptor(mediaType, Digest.sha256(content), content.length);
  }

  /** An image manifest of {@code mediaType} (OCI or Docker) with optional subject, artifactType and annotations. */
  public static byte[] manifest(String mediaType, Descriptor config, List<Descriptor> layers, Descriptor subject,
      String artifactType, Map<String, String> annotations) {
    ObjectNode root = OciJson.MAPPER.createObjectNode();
    root.put("schemaVersion", 2);
    root.put("mediaType", mediaType);
    if (artifactType != null) {
      root.put("artifactType", artifactType);
    }
    root.set("config", OciJson.write(config));
    ArrayNode list = root.putArray("layers");
    layers.forEach(l -> list.add(OciJson.write(l)));
    if (subject != null) {
      root.set("subject", OciJson.write(subject));
    }
    if (annotations != null && !annotations.isEmpty()) {
      ObjectNode a = root.putObject("annotations");
      annotations.forEach(a::put);
    }
    return OciJson.bytes(root);
  }

  public static byte[] manifest(Descriptor config, List<Descriptor> layers) {
    return manifest(MediaTypes.OCI_MANIFEST, config, layers, null, null, null);
  }

  /** An image index of {@code mediaType} over {@code manifests} (descriptors with platforms). */
  public static byte[] index(String mediaType, List<Descriptor> manifests, Map<String, String> annotations) {
    ObjectNode root = OciJson.MAPPER.createObjectNode();
    root.put("schemaVersion", 2);
    root.put("mediaType", mediaType);
    ArrayNode list = root.putArray("manifests");
    manifests.forEach(m -> list.add(OciJson.write(m)));
    if (annotations != null && !annotations.isEmpty()) {
      ObjectNode a = root.putObject("annotations");
      annotations.forEach(a::put);
    }
    return OciJson.bytes(root);
  }

  public static Map<String, String> annotations(String... keyValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put(keyValues[i], keyValues[i + 1]);
    }
    return map;
  }

  /** A unique repository name for one test, so tests sharing a server never see each other's content. */
  public static String repository(String prefix) {
    return prefix + "/r" + Long.toHexString(System.nanoTime()) + Integer.toHexString(RANDOM.nextInt(4096));
  }
}
