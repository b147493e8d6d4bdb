package org.arca.registry.compose;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.TestImages;

/**
 * Composition time, measured over HTTP: a main, not a test (registry-server/bench/compose.sh runs it). It starts a
 * server on a fresh H2 data directory, pushes a base and ten blocks (one real tar layer of 20 files each), registers
 * and vets them, then times {@code POST /api/v1/compositions} with 1 and with 10 blocks (each request new, so each
 * composes and stores), and the first and a repeated {@code GET /v2/compose/...} manifest pull.
 */
public final class CompositionBench {
  private static final int BLOCKS = 10;

  private CompositionBench() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    Path data = Files.createTempDirectory("arca-compose-bench");
    try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of("arca.data-dir",
        data.toString(), "arca.auth.enabled", "false", "arca.converter.enabled", "false", "micronaut.server.port",
        "-1", "logger.levels.root", "WARN"), RecordedVetting.ENVIRONMENT)) {
      OciClient client = new OciClient(URI.create(server.getURL().toString()));
      String repository = "bench/blocks";
      byte[] baseLayer = layer("base", 50);
      Digest baseDiffId = Digest.sha256(gunzip(baseLayer));
      List<Descriptor> layers = new ArrayList<>();
      List<String> diffIds = new ArrayList<>();
      layers.add(push(client, repository, baseLayer));
      diffIds.add(baseDiffId.toString());
      RecordedVetting.vet(pushImage(client, repository, "base", layers, diffIds));
      expect(client.post("/api/v1/bases", json("{\"alias\":\"base\",\"repository\":\"" + repository
          + "\",\"reference\":\"base\"}")), 201);
      List<String> aliases = new ArrayList<>();
      for (int b = 1; b <= BLOCKS; b++) {
        byte[] own = layer("block" + b, 20);
        List<Descriptor> blockLayers = List.of(layers.get(0), push(client, repository, own));
        List<String> blockDiffIds = List.of(baseDiffId.toString(), Digest.sha256(gunzip(own)).toString());
        RecordedVetting.vet(pushImage(client, repository, "b" + b, blockLayers, blockDiffIds));
        expect(client.post("/api/v1/blocks", json("{\"alias\":\"b" + b + "\",\"repository\":\"" + repository
            + "\",\"reference\":\"b" + b + "\"}")), 201);
        aliases.add("b" + b);
      }
      for (int count : List.of(1, BLOCKS)) {
        String blocks = "\"" + String.join("\",\"", aliases.subList(0, count)) + "\"";
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < runs + 5; i++) {
          byte[] request = json("{\"base\":\"base\",\"blocks\":[" + blocks + "],\"repository\":\"bench/out\","
              + "\"tag\":\"n" + count + "-" + i + "\",\"config\":{\"labels\":{\"run\":\"" + i + "\"}}}");
          long started = System.nanoTime();
          expect(client.post("/api/v1/compositions", request), 201);
          if (i >= 5) { // the first few warm the JIT and the caches
            times.add((System.nanoTime() - started) / 1e6);
          }
        }
        report("post_" + count, "POST /api/v1/compositions, " + count + " block" + (count == 1 ? "" : "s"), times);
      }
      String name = "/v2/compose/base/" + String.join("/", aliases) + "/manifests/";
      List<Double> first = new ArrayList<>();
      List<Double> again = new ArrayList<>();
      for (int i = 0; i < runs + 5; i++) {
        long started = System.nanoTime();
        expect(client.get(name + "t" + i, "Accept", MediaTypes.OCI_MANIFEST), 200);
        long composed = System.nanoTime();
        expect(client.get(name + "t" + i, "Accept", MediaTypes.OCI_MANIFEST), 200);
        if (i >= 5) {
          first.add((composed - started) / 1e6);
          again.add((System.nanoTime() - composed) / 1e6);
        }
      }
      report("first_get_" + BLOCKS, "first GET of a composed-on-pull manifest, " + BLOCKS + " blocks", first);
      report("later_get", "later GET of the same name", again);
    }
  }

  /** One line for people, and a RESULT line that bench/report.py reads ({@code key} names the measure). */
  private static void report(String key, String what, List<Double> millis) {
    List<Double> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    double p50 = sorted.get(sorted.size() / 2);
    double p90 = sorted.get((int) (sorted.size() * 0.9));
    System.out.printf("%-60s n=%d p50=%.1f ms p90=%.1f ms max=%.1f ms%n", what, sorted.size(), p50, p90,
        sorted.get(sorted.size() - 1));
    System.out.printf(Locale.ROOT, "RESULT compose measure=%s n=%d p50_ms=%.1f p90_ms=%.1f%n", key,
        sorted.size(), p50, p90);
  }

  private static Digest pushImage(OciClient client, String repository, String tag, List<Descriptor> layers,
      List<String> diffIds) {
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":[\"PATH=/usr/bin:/bin\"]},"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + String.join("\",\"", diffIds) + "\"]}}")
        .getBytes(StandardCharsets.UTF_8);
    client.pushBlob(repository, config);
    return client.pushManifest(repository, tag, TestImages.manifest(TestImages.descriptor(MediaTypes.OCI_CONFIG,
        config), layers), MediaTypes.OCI_MANIFEST);
  }

  private static Descriptor push(OciClient client, String repository, byte[] layer) {
    client.pushBlob(repository, layer);
    return TestImages.descriptor(MediaTypes.OCI_LAYER_GZIP, layer);
  }

  /** A gzip-compressed tar of {@code files} files of 1 KiB under {@code opt/<name>/}. */
  private static byte[] layer(String name, int files) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
      for (int f = 0; f < files; f++) {
        byte[] content = TestImages.randomBytes(1024);
        TarArchiveEntry entry = new TarArchiveEntry("opt/" + name + "/file" + f);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static byte[] gunzip(byte[] gzip) throws IOException {
    try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzip))) {
      return in.readAllBytes();
    }
  }

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void expect(OciClient.Response response, int status) {
    if (response.status() != status) {
      throw new IllegalStateException("expected " + status + ": " + response);
    }
  }
}
