package org.arca.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.arca.core.MediaTypes;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.junit.jupiter.api.Test;

class ManifestTest {
  private static final String D1 = "sha256:" + "1".repeat(64);
  private static final String D2 = "sha256:" + "2".repeat(64);

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static String image(String extra) {
    return "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
        + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + D1 + "\",\"size\":10},\"layers\":[{\"mediaType\":\""
        + MediaTypes.OCI_LAYER_GZIP + "\",\"digest\":\"" + D2 + "\",\"size\":20}]" + extra + "}";
  }

  @Test
  void parse_imageManifest_readsConfigLayersAndReferences() {
    Manifest manifest = Manifest.parse(bytes(image("")), MediaTypes.OCI_MANIFEST);
    assertEquals(MediaTypes.OCI_MANIFEST, manifest.mediaType());
    assertEquals(D1, manifest.config().digest().toString());
    assertEquals(1, manifest.layers().size());
    assertEquals(List.of(D1, D2), manifest.references().stream().map(d -> d.digest().toString()).toList());
    assertEquals(MediaTypes.OCI_CONFIG, manifest.referrerArtifactType());
  }

  @Test
  void parse_artifactWithSubject_readsArtifactTypeSubjectAndAnnotations() {
    String extra = ",\"artifactType\":\"application/vnd.example\",\"subject\":{\"mediaType\":\""
        + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + D1 + "\",\"size\":5},\"annotations\":{\"b\":\"2\",\"a\":\"1\"}";
    Manifest manifest = Manifest.parse(bytes(image(extra)), null);
    assertEquals("application/vnd.example", manifest.referrerArtifactType());
    assertEquals(D1, manifest.subject().digest().toString());
    assertEquals(List.of("b", "a"), List.copyOf(manifest.annotations().keySet()));
  }

  @Test
  void parse_index_readsChildrenAndHasNoArtifactType() {
    String json = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[{\"mediaType\":\""
        + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + D1 + "\",\"size\":3,\"platform\":{\"os\":\"linux\","
        + "\"architecture\":\"arm64\",\"variant\":\"v8\"}}]}";
    Manifest index = Manifest.parse(bytes(json), MediaTypes.OCI_INDEX);
    assertTrue(index.isIndex());
    assertEquals("linux/arm64/v8", index.manifests().get(0).platform().toString());
    assertNull(index.referrerArtifactType());
  }

  @Test
  void parse_withoutMediaType_tellsImageFromIndexByShape() {
    String json = image("").replace("\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",", "");
    assertEquals(MediaTypes.OCI_MANIFEST, Manifest.parse(bytes(json), null).mediaType());
    assertEquals(MediaTypes.DOCKER_MANIFEST, Manifest.parse(bytes(json), MediaTypes.DOCKER_MANIFEST).mediaType());
  }

  @Test
  void parse_invalidDocuments_throwManifestInvalid() {
    List<String[]> cases = List.of(
        new String[] {"[]", MediaTypes.OCI_MANIFEST},
        new String[] {"{", MediaTypes.OCI_MANIFEST},
        new String[] {image(""), MediaTypes.OCI_INDEX},
        new String[] {image(""), "text/plain"},
        new String[] {image("").replace("\"size\":20", "\"size\":-1"), null},
        new String[] {image("").replace("\"size\":20", "\"size\":\"20\""), null},
        new String[] {image("").replace(D2, "sha256:nothex"), null},
        new String[] {image("").replace("\"schemaVersion\":2", "\"schemaVersion\":3"), null},
        new String[] {image("") + " trailing", null},
        new String[] {"{\"schemaVersion\":2,\"schemaVersion\":2}", null},
        new String[] {image(",\"manifests\":[]"), null},
        new String[] {image("").replace(MediaTypes.OCI_CONFIG, MediaTypes.OCI_EMPTY), null});
    for (String[] c : cases) {
      RegistryException e = assertThrows(RegistryException.class, () -> Manifest.parse(bytes(c[0]), c[1]), c[0]);
      assertEquals(OciError.MANIFEST_INVALID, e.error(), c[0]);
    }
  }

  @Test
  void parsePushed_byteOrderMarkOrUtf16_throwsManifestInvalid() {
    byte[] json = bytes(image(""));
    for (byte[] prefix : List.of(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, new byte[] {(byte) 0xfe,
        (byte) 0xff}, new byte[] {(byte) 0xff, (byte) 0xfe})) {
      byte[] marked = new byte[prefix.length + json.length];
      System.arraycopy(prefix, 0, marked, 0, prefix.length);
      System.arraycopy(json, 0, marked, prefix.length, json.length);
      RegistryException e = assertThrows(RegistryException.class,
          () -> Manifest.parsePushed(marked, MediaTypes.OCI_MANIFEST));
      assertEquals(OciError.MANIFEST_INVALID, e.error());
    }
    byte[] utf16 = image("").getBytes(StandardCharsets.UTF_16BE);
    assertThrows(RegistryException.class, () -> Manifest.parsePushed(utf16, MediaTypes.OCI_MANIFEST));
    assertEquals(D1, Manifest.parsePushed(json, MediaTypes.OCI_MANIFEST).config().digest().toString());
  }

  @Test
  void referencesByField_namesConfigLayersAndIndexEntries() {
    Manifest image = Manifest.parse(bytes(image("")), MediaTypes.OCI_MANIFEST);
    assertEquals(List.of("config", "layers[0]"), List.copyOf(image.referencesByField().keySet()));
    String index = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX
        + "\",\"manifests\":[{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + D1
        + "\",\"size\":10}]}";
    assertEquals(List.of("manifests[0]"),
        List.copyOf(Manifest.parse(bytes(index), null).referencesByField().keySet()));
  }

  @Test
  void imageConfig_readsLabelsEnvHistoryAndDiffIds() {
    String json = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2024-05-01T10:00:00Z\","
        + "\"config\":{\"Env\":[\"PATH=/bin\"],\"Entrypoint\":[\"/bin/sh\"],\"Labels\":{\"software\":\"samtools\"}},"
        + "\"history\":[{\"created_by\":\"RUN apt-get install samtools\"},{\"empty_layer\":true}],"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + D1 + "\"]}}";
    ImageConfig config = ImageConfig.parse(bytes(json));
    assertEquals("amd64", config.architecture());
    assertEquals(List.of("PATH=/bin"), config.env());
    assertEquals(List.of("/bin/sh"), config.entrypoint());
    assertNull(config.cmd());
    assertEquals("samtools", config.labels().get("software"));
    assertEquals("RUN apt-get install samtools", config.history().get(0).createdBy());
    assertTrue(config.history().get(1).emptyLayer());
    assertEquals(D1, config.diffIds().get(0).toString());
    assertEquals(1714557600L, config.createdInstant().orElseThrow().getEpochSecond());
  }
}
