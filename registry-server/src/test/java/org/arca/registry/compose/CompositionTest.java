package org.arca.registry.compose;

import static org.arca.registry.testing.Processes.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.image.OciJson;
import org.arca.registry.testing.Await;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.OciClient.Response;
import org.arca.registry.testing.Processes;
import org.arca.registry.testing.TestDatabases;
import org.arca.registry.testing.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Composition from building blocks (issue 14), end to end: a Debian minbase base and blocks made on it with umoci
 * ({@code .ci/fixtures/compose-blocks.sh}), pushed with skopeo, registered by a curator and vetted; compositions
 * pulled with skopeo and unpacked with umoci hold every block's files byte for byte; the composed-on-pull name too,
 * and its SIF passes siftool and unsquashfs; the same request gives the same digest on H2 and PostgreSQL and after a
 * restart; conflicts, unvetted inputs, revoked vetting, incompatible bases and unknown blocks are refused with what
 * a person needs to fix the request.
 */
@MicronautTest(transactional = false, environments = RecordedVetting.ENVIRONMENT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompositionTest implements TestPropertyProvider {
  private static final String ANALYSIS = "{\"base\":\"debian\",\"blocks\":[\"samtools\",\"rtool\"],\"config\":{"
      + "\"env\":[\"RTOOL_HOME=/opt/rtool\"],\"cmd\":[\"/usr/local/bin/samtools\"],\"labels\":{\"lab\":\"test\"}},"
      + "\"repository\":\"lab/analysis\",\"tag\":\"v1\"}";

  @Inject
  EmbeddedServer server;
  @TempDir
  Path work;

  private Path layout;
  private OciClient client;
  private String host;
  /** Manifest digests of the fixture's images by tag, and the layer each block adds. */
  private final Map<String, Digest> images = new LinkedHashMap<>();
  private final Map<String, String> ownLayer = new LinkedHashMap<>();

  @Override
  public Map<String, String> getProperties() {
    return properties(TestDatabases.h2());
  }

  private static Map<String, String> properties(Map<String, String> base) {
    Map<String, String> properties = new HashMap<>(base);
    properties.put("arca.jobs.poll-interval", "200ms");
    properties.put("arca.converter.source-host", "arca.test");
    // converting every Debian-sized fixture image would take minutes: only the composed image is converted, on request
    properties.put("arca.converter.policy", "none");
    return properties;
  }

  @BeforeAll
  void setUp() throws IOException {
    String output = run(Processes.repositoryRoot().resolve(".ci/fixtures/compose-blocks.sh").toString()).strip();
    layout = Path.of(output.substring(output.lastIndexOf('\n') + 1).strip());
    JsonNode index = OciJson.MAPPER.readTree(layout.resolve("index.json").toFile());
    for (JsonNode m : index.get("manifests")) {
      Digest digest = Digest.parse(m.get("digest").asText());
      String tag = m.get("annotations").get("org.opencontainers.image.ref.name").asText();
      images.put(tag, digest);
      JsonNode manifest = OciJson.MAPPER.readTree(layout.resolve("blobs/sha256/" + digest.hex()).toFile());
      JsonNode layers = manifest.get("layers");
      ownLayer.put(tag, layers.get(layers.size() - 1).get("digest").asText());
    }
    client = new OciClient(URI.create(server.getURL().toString()));
    host = server.getHost() + ":" + server.getPort();
    catalog(client, host);
  }

  /** Pushes the fixture, registers the base and blocks, pushes and registers an unrelated base, vets them all. */
  private void catalog(OciClient to, String toHost) {
    for (String tag : List.of("bookworm", "samtools", "rtool", "clash")) {
      skopeo("oci:" + layout + ":" + tag, "docker://" + toHost + "/blocks/" + tag + ":" + tag);
    }
    created(to.post("/api/v1/bases", json("{\"alias\":\"debian\",\"repository\":\"blocks/bookworm\","
        + "\"reference\":\"bookworm\",\"family\":\"debian-bookworm\"}")));
    for (String block : List.of("samtools", "rtool", "clash")) {
      JsonNode registered = created(to.post("/api/v1/blocks", json("{\"alias\":\"" + block
          + "\",\"repository\":\"blocks/" + block + "\",\"reference\":\"" + block + "\"}")));
      assertEquals("debian", registered.get("base").asText(), registered::toString);
      assertEquals(images.get(block).toString(), registered.get("digest").asText());
    }
    byte[] layer = TestImages.randomBytes(256);
    byte[] config = TestImages.config("amd64");
    to.pushBlob("blocks/other", layer);
    to.pushBlob("blocks/other", config);
    Digest other = to.pushManifest("blocks/other", "1", TestImages.manifest(TestImages.descriptor(
        MediaTypes.OCI_CONFIG, config), List.of(TestImages.descriptor(MediaTypes.OCI_LAYER_GZIP, layer))),
        MediaTypes.OCI_MANIFEST);
    created(to.post("/api/v1/bases", json("{\"alias\":\"other\",\"repository\":\"blocks/other\","
        + "\"reference\":\"1\",\"family\":\"alpine\"}")));
    images.put("other", other);
    images.values().forEach(RecordedVetting::vet);
  }

  @Test
  void composition_pulledWithSkopeo_holdsEveryBlocksFilesByteForByte_andTheSameRequestGivesTheSameDigest()
      throws IOException {
    JsonNode first = created(client.post("/api/v1/compositions", json(ANALYSIS)));
    JsonNode again = created(client.post("/api/v1/compositions", json(ANALYSIS)));
    assertEquals(first.get("digest").asText(), again.get("digest").asText(), "same request, same digest");
    assertTrue(first.get("vetted").asBoolean());

    // the manifest points at the blocks' own layer blobs: nothing was copied
    JsonNode manifest = parse(client.get("/v2/lab/analysis/manifests/v1", "Accept", MediaTypes.OCI_MANIFEST));
    List<String> layers = new ArrayList<>();
    manifest.get("layers").forEach(l -> layers.add(l.get("digest").asText()));
    assertEquals(List.of(baseLayer(), ownLayer.get("samtools"), ownLayer.get("rtool")), layers);

    Path rootfs = pullAndUnpack("lab/analysis:v1", "analysis");
    assertBlockFiles(rootfs, "samtools");
    assertBlockFiles(rootfs, "rtool");
    JsonNode config = parse(client.get("/v2/lab/analysis/blobs/" + manifest.get("config").get("digest").asText()))
        .get("config");
    assertTrue(config.get("Env").toString().contains("RTOOL_HOME=/opt/rtool"), config::toString);
    assertTrue(config.get("Env").toString().contains("PATH="), "the base's env stays: " + config);
    assertEquals("[\"/usr/local/bin/samtools\"]", config.get("Cmd").toString());
    assertEquals("true", config.get("Labels").get(Composer.LABEL_VETTED).asText());
    assertEquals("test", config.get("Labels").get("lab").asText());

    // the in-toto statement is a referrer of the image, naming base, blocks and their vetting
    JsonNode referrers = parse(client.get("/v2/lab/analysis/referrers/" + first.get("digest").asText())).get(
        "manifests");
    assertEquals(1, referrers.size(), referrers::toString);
    assertEquals(MediaTypes.IN_TOTO, referrers.get(0).get("artifactType").asText());
    JsonNode statementManifest = parse(client.get("/v2/lab/analysis/manifests/"
        + referrers.get(0).get("digest").asText(), "Accept", MediaTypes.OCI_MANIFEST));
    String statement = client.get("/v2/lab/analysis/blobs/"
        + statementManifest.get("layers").get(0).get("digest").asText()).text();
    assertTrue(statement.contains("urn:arca:build-type:composition:v1"), statement);
    assertTrue(statement.contains(images.get("samtools").hex()) && statement.contains(images.get("rtool").hex()));
    assertTrue(statement.contains("samtools: vetted by curator"), statement);
  }

  @Test
  void composedOnPull_composesOnTheFirstPull_keepsTheName_andItsSifPassesSiftoolAndUnsquashfs() throws Exception {
    String name = "compose/debian/samtools/rtool";
    Path rootfs = pullAndUnpack(name + ":v1", "on-pull");
    assertBlockFiles(rootfs, "samtools");
    assertBlockFiles(rootfs, "rtool");
    Response pulled = client.get("/v2/" + name + "/manifests/v1", "Accept", MediaTypes.OCI_MANIFEST);
    assertEquals(200, pulled.status(), pulled::toString);
    String digest = pulled.header("Docker-Content-Digest").orElseThrow();
    // the same composition asked through the API (no run settings, no target) is the same image
    JsonNode asked = created(client.post("/api/v1/compositions", json(
        "{\"base\":\"debian\",\"blocks\":[\"samtools\",\"rtool\"]}")));
    assertEquals(name, asked.get("repository").asText());
    assertEquals(digest, asked.get("digest").asText());
    // nobody may push into the composed namespace
    Response push = client.put("/v2/" + name + "/manifests/v2", pulled.body(), "Content-Type",
        MediaTypes.OCI_MANIFEST);
    assertEquals(405, push.status(), push::toString);

    assertEquals(202, client.post("/api/v1/sif/conversions", json("{\"repository\":\"" + name
        + "\",\"reference\":\"v1\"}"), "Content-Type", "application/json").status());
    Await.until(Duration.ofMinutes(4), "the SIF of " + name, () -> {
      JsonNode list = parse(client.get("/api/v1/sif/conversions?repository=" + name));
      for (JsonNode conversion : list) {
        if (conversion.get("state").asText().equals("failed")) {
          throw new AssertionError("conversion failed: " + conversion);
        }
      }
      return list.size() > 0 && list.get(0).get("state").asText().equals("done");
    });
    Path sif = work.resolve("composed.sif");
    Response download = client.get("/sif/" + name + "/v1.sif");
    assertEquals(200, download.status(), download::toString);
    Files.write(sif, download.body());
    String listing = run("siftool", "list", sif.toString());
    assertTrue(listing.contains("Squashfs"), listing);
    Path partition = work.resolve("composed.sqfs");
    run("sh", "-c", "siftool dump 4 " + sif + " > " + partition);
    String files = run("unsquashfs", "-l", partition.toString());
    assertTrue(files.contains("/usr/local/bin/samtools") && files.contains("/opt/rtool/lib/data.bin"), files);
  }

  @Test
  void ownFiles_becomeTheLastLayer_byteForByte_andTheSameFilesGiveTheSameDigest_whateverTheTar() throws IOException {
    Path files = work.resolve("own-files");
    Path script = files.resolve("opt/lab/run.sh");
    Files.createDirectories(script.getParent());
    Files.writeString(script, "#!/bin/sh\necho analysis\n");
    script.toFile().setExecutable(true, false);
    Path params = files.resolve("opt/lab/data/params.txt");
    Files.createDirectories(params.getParent());
    Files.write(params, TestImages.randomBytes(5000));
    Path plain = work.resolve("own.tar");
    run("tar", "-cf", plain.toString(), "-C", files.toString(), "opt");
    String files1 = client.pushBlob("lab/own", Files.readAllBytes(plain)).toString();
    String request = "{\"base\":\"debian\",\"blocks\":[\"samtools\"],\"repository\":\"lab/own\",\"tag\":\"v1\","
        + "\"files\":\"%s\"}";
    JsonNode first = created(client.post("/api/v1/compositions", json(request.formatted(files1))));
    assertEquals(first.get("digest").asText(), created(client.post("/api/v1/compositions",
        json(request.formatted(files1)))).get("digest").asText(), "same request, same digest");
    // the same files in another tar (other times, owner, order, gzip-compressed) give the same image
    Files.setLastModifiedTime(script, java.nio.file.attribute.FileTime.fromMillis(1_700_000_000_000L));
    Path other = work.resolve("own.tar.gz");
    run("tar", "-czf", other.toString(), "--owner=1234", "--group=5678", "-C", files.toString(),
        "opt/lab/data/params.txt", "opt/lab/run.sh");
    String files2 = client.pushBlob("lab/own", Files.readAllBytes(other)).toString();
    assertFalse(files1.equals(files2));
    assertEquals(first.get("digest").asText(), created(client.post("/api/v1/compositions",
        json(request.formatted(files2)))).get("digest").asText(), "same files, same digest");

    JsonNode manifest = parse(client.get("/v2/lab/own/manifests/v1", "Accept", MediaTypes.OCI_MANIFEST));
    JsonNode layers = manifest.get("layers");
    assertEquals(3, layers.size(), manifest::toString);
    assertEquals(ownLayer.get("samtools"), layers.get(1).get("digest").asText());
    assertEquals(MediaTypes.OCI_LAYER_GZIP, layers.get(2).get("mediaType").asText());
    JsonNode config = parse(client.get("/v2/lab/own/blobs/" + manifest.get("config").get("digest").asText()));
    assertEquals(3, config.get("rootfs").get("diff_ids").size(), config::toString);

    Path rootfs = pullAndUnpack("lab/own:v1", "own");
    assertBlockFiles(rootfs, "samtools");
    assertArrayEquals(Files.readAllBytes(script), Files.readAllBytes(rootfs.resolve("opt/lab/run.sh")));
    assertArrayEquals(Files.readAllBytes(params), Files.readAllBytes(rootfs.resolve("opt/lab/data/params.txt")));
    assertTrue(Files.isExecutable(rootfs.resolve("opt/lab/run.sh")), "the script stays executable");
  }

  @Test
  void ownFiles_tooLargeOrNotATarOrWithoutARepository_areRefusedWith400() {
    String request = "{\"base\":\"debian\",\"blocks\":[\"samtools\"],\"repository\":\"lab/bad-files\","
        + "\"files\":\"%s\"}";
    Digest notATar = client.pushBlob("lab/bad-files", "just some text, no tar at all\n".repeat(40)
        .getBytes(StandardCharsets.UTF_8));
    Response refused = client.post("/api/v1/compositions", json(request.formatted(notATar)));
    assertEquals(400, refused.status(), refused::toString);
    assertTrue(refused.text().contains("are not a tar"), refused::toString);

    Digest large = client.pushBlob("lab/bad-files", new byte[(int) OwnFilesLayer.MAX_BYTES + 1]);
    refused = client.post("/api/v1/compositions", json(request.formatted(large)));
    assertEquals(400, refused.status(), refused::toString);
    assertTrue(refused.text().contains("at most 67108864 bytes (64 MiB)"), refused::toString);

    refused = client.post("/api/v1/compositions", json(("{\"base\":\"debian\",\"blocks\":[\"samtools\"],"
        + "\"files\":\"%s\"}").formatted(notATar)));
    assertEquals(400, refused.status(), refused::toString);
    assertTrue(refused.text().contains("needs a \\\"repository\\\""), refused::toString);

    refused = client.post("/api/v1/compositions", json(request.formatted(Digest.sha256(new byte[] {1}))));
    assertEquals(400, refused.status(), refused::toString);
    assertTrue(refused.text().contains("push the tar there first"), refused::toString);
  }

  @Test
  void ownFileConflictingWithABlock_isRefusedWithThePath_unlessOverrideIsAllowed() throws IOException {
    Path files = work.resolve("clashing-files");
    Path samtools = files.resolve("usr/local/bin/samtools");
    Files.createDirectories(samtools.getParent());
    Files.writeString(samtools, "#!/bin/sh\necho my own samtools\n");
    Path tar = work.resolve("clashing.tar");
    run("tar", "-cf", tar.toString(), "-C", files.toString(), "usr");
    Digest digest = client.pushBlob("lab/own-clash", Files.readAllBytes(tar));
    String request = "{\"base\":\"debian\",\"blocks\":[\"samtools\"],\"repository\":\"lab/own-clash\","
        + "\"files\":\"" + digest + "\"";
    Response refused = client.post("/api/v1/compositions", json(request + "}"));
    assertEquals(409, refused.status(), refused::toString);
    JsonNode conflicts = parse(refused).get("errors").get(0).get("detail").get("conflicts");
    assertEquals(1, conflicts.size(), conflicts::toString);
    assertEquals("usr/local/bin/samtools", conflicts.get(0).get("path").asText());
    assertEquals("[\"samtools\",\"your files\"]", conflicts.get(0).get("blocks").toString());

    JsonNode overridden = created(client.post("/api/v1/compositions", json(request + ",\"allowOverride\":true}")));
    assertEquals("usr/local/bin/samtools", overridden.get("overridden").get(0).get("path").asText());
  }

  @Test
  void conflictingBlocks_areRefusedWithThePathsAndBlocks_unlessOverrideIsAllowed() {
    Response refused = client.post("/api/v1/compositions", json(
        "{\"base\":\"debian\",\"blocks\":[\"samtools\",\"clash\"],\"repository\":\"lab/clash\"}"));
    assertEquals(409, refused.status(), refused::toString);
    JsonNode conflicts = parse(refused).get("errors").get(0).get("detail").get("conflicts");
    assertEquals(1, conflicts.size(), conflicts::toString);
    assertEquals("usr/local/bin/samtools", conflicts.get(0).get("path").asText());
    assertEquals("[\"samtools\",\"clash\"]", conflicts.get(0).get("blocks").toString());
    assertTrue(refused.text().contains("usr/local/bin/samtools"), refused::toString);

    JsonNode overridden = created(client.post("/api/v1/compositions", json(
        "{\"base\":\"debian\",\"blocks\":[\"samtools\",\"clash\"],\"repository\":\"lab/clash\","
            + "\"allowOverride\":true}")));
    assertEquals("usr/local/bin/samtools", overridden.get("overridden").get(0).get("path").asText());
  }

  @Test
  void unvettedInput_isRefused_unlessTheNamespaceAllowsIt_andThenTheResultIsLabelledUnvetted() {
    RecordedVetting.forget(images.get("rtool"));
    try {
      Response refused = client.post("/api/v1/compositions", json(
          "{\"base\":\"debian\",\"blocks\":[\"samtools\",\"rtool\"],\"repository\":\"lab/unvetted\"}"));
      assertEquals(403, refused.status(), refused::toString);
      assertEquals("DENIED", refused.errorCode());
      assertTrue(refused.text().contains("rtool: never vetted"), refused::toString);

      RecordedVetting.allowUnvetted("sandbox");
      JsonNode allowed = created(client.post("/api/v1/compositions", json(
          "{\"base\":\"debian\",\"blocks\":[\"samtools\",\"rtool\"],\"repository\":\"sandbox/try\",\"tag\":\"x\"}")));
      assertFalse(allowed.get("vetted").asBoolean());
      JsonNode manifest = parse(client.get("/v2/sandbox/try/manifests/x", "Accept", MediaTypes.OCI_MANIFEST));
      JsonNode config = parse(client.get("/v2/sandbox/try/blobs/" + manifest.get("config").get("digest").asText()));
      assertEquals("false", config.get("config").get("Labels").get(Composer.LABEL_VETTED).asText());
    } finally {
      RecordedVetting.vet(images.get("rtool"));
    }
  }

  @Test
  void revokedVetting_blocksNewCompositions_andShowsOnOldOnes() {
    JsonNode old = created(client.post("/api/v1/compositions", json(
        "{\"base\":\"debian\",\"blocks\":[\"rtool\"],\"repository\":\"lab/revoked\",\"tag\":\"old\"}")));
    RecordedVetting.revoke(images.get("rtool"), "CVE-2026-0001 above the policy's maximum severity");
    try {
      Response refused = client.post("/api/v1/compositions", json(
          "{\"base\":\"debian\",\"blocks\":[\"rtool\"],\"repository\":\"lab/revoked\",\"tag\":\"new\"}"));
      assertEquals(403, refused.status(), refused::toString);
      assertTrue(refused.text().contains("rtool: not vetted by curator"), refused::toString);

      JsonNode shown = parse(client.get("/api/v1/compositions/lab/revoked@" + old.get("digest").asText()));
      assertFalse(shown.get("vettedNow").asBoolean(), shown::toString);
      JsonNode rtool = shown.get("inputs").get(1);
      assertEquals("rtool", rtool.get("alias").asText());
      assertFalse(rtool.get("vetting").get("vetted").asBoolean());
      assertTrue(rtool.get("vetting").get("reason").asText().contains("CVE-2026-0001"), rtool::toString);
      assertEquals("[\"rtool\"]", shown.get("request").get("blocks").toString());
    } finally {
      RecordedVetting.vet(images.get("rtool"));
    }
  }

  @Test
  void catalogBasesAndBlocks_areProtectedFromRetention_withTheReason() {
    JsonNode policy = created(client.post("/api/v1/retention/policies", json("{\"pattern\":\"blocks/**\","
        + "\"rules\":[{\"rule\":\"removeTags\",\"pattern\":\"*\"}]}")));
    try {
      JsonNode plan = created(client.post("/api/v1/retention/plans", new byte[0]));
      Map<String, JsonNode> byTag = new HashMap<>();
      plan.get("items").forEach(item -> {
        if (item.hasNonNull("tag")) {
          byTag.put(item.get("repository").asText() + ":" + item.get("tag").asText(), item);
        }
      });
      JsonNode samtools = byTag.get("blocks/samtools:samtools");
      assertEquals("protected", samtools.get("action").asText(), plan::toString);
      assertTrue(samtools.get("reason").asText().contains("building block 'samtools'"), samtools::toString);
      JsonNode base = byTag.get("blocks/bookworm:bookworm");
      assertEquals("protected", base.get("action").asText(), plan::toString);
      assertTrue(base.get("reason").asText().contains("base 'debian'"), base::toString);
    } finally {
      assertEquals(204, client.delete("/api/v1/retention/policies/" + policy.get("id").asText()).status());
    }
  }

  @Test
  void incompatibleBase_isRefusedWithTheReason() {
    Response refused = client.post("/api/v1/compositions", json(
        "{\"base\":\"other\",\"blocks\":[\"samtools\"],\"repository\":\"lab/incompatible\"}"));
    assertEquals(400, refused.status(), refused::toString);
    assertTrue(refused.text().contains("samtools was built on debian (family debian-bookworm), and other is of"
        + " family alpine"), refused::toString);
  }

  @Test
  void unknownBlock_isNameUnknownNamingItAndTheClosestAliases() {
    Response posted = client.post("/api/v1/compositions", json(
        "{\"base\":\"debian\",\"blocks\":[\"samtool\",\"rtool\"],\"repository\":\"lab/unknown\"}"));
    assertEquals(404, posted.status(), posted::toString);
    assertEquals("NAME_UNKNOWN", posted.errorCode());
    assertTrue(posted.text().contains("samtool (did you mean samtools?)"), posted::toString);
    Response pulled = client.get("/v2/compose/debian/samtool/manifests/v1", "Accept", MediaTypes.OCI_MANIFEST);
    assertEquals(404, pulled.status(), pulled::toString);
    assertEquals("NAME_UNKNOWN", pulled.errorCode());
    assertTrue(pulled.text().contains("did you mean samtools?"), pulled::toString);
  }

  @Test
  void sameRequest_givesTheSameDigest_onPostgresqlAndAfterARestart_throughTheControllers() {
    String digest = created(client.post("/api/v1/compositions", json(ANALYSIS))).get("digest").asText();
    String onPull = client.get("/v2/compose/debian/rtool/manifests/v1", "Accept", MediaTypes.OCI_MANIFEST)
        .header("Docker-Content-Digest").orElseThrow();
    Map<String, Object> postgres = new HashMap<>(properties(TestDatabases.postgres()));
    postgres.put("arca.registry.fast-path", "false"); // the controllers answer, not the Netty fast path
    try (EmbeddedServer second = start(postgres)) {
      OciClient other = new OciClient(URI.create(second.getURL().toString()));
      catalog(other, second.getHost() + ":" + second.getPort());
      assertEquals(digest, created(other.post("/api/v1/compositions", json(ANALYSIS))).get("digest").asText());
      assertEquals(onPull, other.get("/v2/compose/debian/rtool/manifests/v1", "Accept", MediaTypes.OCI_MANIFEST)
          .header("Docker-Content-Digest").orElseThrow());
    }
    try (EmbeddedServer restarted = start(postgres)) {
      OciClient other = new OciClient(URI.create(restarted.getURL().toString()));
      assertEquals(digest, created(other.post("/api/v1/compositions", json(ANALYSIS))).get("digest").asText());
    }
  }

  private static EmbeddedServer start(Map<String, Object> properties) {
    return ApplicationContext.run(EmbeddedServer.class, properties, "test", RecordedVetting.ENVIRONMENT);
  }

  private String baseLayer() {
    try {
      JsonNode manifest = OciJson.MAPPER.readTree(layout.resolve("blobs/sha256/" + images.get("bookworm").hex())
          .toFile());
      return manifest.get("layers").get(0).get("digest").asText();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Pulls {@code reference} from this server with skopeo and unpacks it with umoci; returns its root file system. */
  private Path pullAndUnpack(String reference, String name) {
    Path pulled = work.resolve(name + "-oci");
    skopeo("docker://" + host + "/" + reference, "oci:" + pulled + ":pulled");
    Path bundle = work.resolve(name + "-bundle");
    run("umoci", "unpack", "--rootless", "--image", pulled + ":pulled", bundle.toString());
    return bundle.resolve("rootfs");
  }

  /** Every regular file of the block's own layer, extracted with tar, has the same bytes in {@code rootfs}. */
  private void assertBlockFiles(Path rootfs, String block) {
    Path extracted = work.resolve("layer-" + block + "-" + System.nanoTime());
    try {
      Files.createDirectories(extracted);
      run("tar", "-xzf", layout.resolve("blobs/sha256/" + Digest.parse(ownLayer.get(block)).hex()).toString(),
          "-C", extracted.toString());
      List<Path> files;
      try (Stream<Path> walk = Files.walk(extracted)) {
        files = walk.filter(Files::isRegularFile).toList();
      }
      assertFalse(files.isEmpty(), "the " + block + " layer holds files");
      for (Path file : files) {
        Path composed = rootfs.resolve(extracted.relativize(file).toString());
        assertTrue(Files.isRegularFile(composed), composed + " is in the composed image");
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(composed), composed.toString());
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void skopeo(String from, String to) {
    run(List.of("skopeo", "--insecure-policy", "copy", "--src-tls-verify=false", "--dest-tls-verify=false", from,
        to));
  }

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode created(Response response) {
    assertEquals(201, response.status(), response::toString);
    return parse(response);
  }

  private static JsonNode parse(Response response) {
    try {
      return OciJson.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError(response.toString(), e);
    }
  }
}
