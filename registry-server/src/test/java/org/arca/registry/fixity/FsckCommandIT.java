package org.arca.registry.fixity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.image.OciJson;
import org.arca.registry.testing.ArcaProcess;
import org.arca.registry.testing.JarCommand;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code arca fsck} as an operator runs it, beside a server on the same data directory: clean on a clean store,
 * non-zero with the corrupt blob named when {@code --deep} finds a flipped byte (and the running server refuses
 * that blob from then on), {@code --json} for scripts, and {@code --repair} removing an orphan file.
 */
class FsckCommandIT {
  private static final Map<String, String> OPEN = Map.of("ARCA_AUTH_ENABLED", "false");

  @TempDir
  Path work;

  @Test
  void fsck_besideRunningServer_findsFlippedByteAndOrphan_repairRemovesOrphan() throws Exception {
    Path data = work.resolve("data");
    try (ArcaProcess arca = ArcaProcess.start(data, List.of("-Xmx512m"), OPEN)) {
      OciClient client = new OciClient(arca.url());
      byte[] layer = TestImages.randomBytes(1 << 20);
      Digest layerDigest = client.pushBlob("lab/tool", layer);
      byte[] config = TestImages.config("amd64");
      client.pushBlob("lab/tool", config);
      client.pushManifest("lab/tool", "v1", TestImages.manifest(TestImages.descriptor(MediaTypes.OCI_CONFIG, config),
          List.of(new Descriptor(MediaTypes.OCI_LAYER_GZIP, layerDigest, layer.length))), MediaTypes.OCI_MANIFEST);

      JarCommand.Result clean = JarCommand.run(data, OPEN, null, "fsck", "--deep");
      assertEquals(0, clean.exitCode(), clean::toString);
      assertTrue(clean.output().contains("checked 2 blobs, re-hashed " + (layer.length + config.length)
          + " bytes: clean"), clean::toString);

      Path file = data.resolve("blobs/sha256").resolve(layerDigest.hex().substring(0, 2)).resolve(layerDigest.hex());
      try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
        raw.seek(1000);
        int b = raw.read();
        raw.seek(1000);
        raw.write(b ^ 0x80);
      }
      JarCommand.Result shallow = JarCommand.run(data, OPEN, null, "fsck");
      assertEquals(0, shallow.exitCode(), "the size is right; only --deep re-hashes: " + shallow);

      JarCommand.Result deep = JarCommand.run(data, OPEN, null, "fsck", "--deep");
      assertEquals(1, deep.exitCode(), deep::toString);
      assertTrue(deep.output().contains("problem   corrupt\t" + layerDigest), deep::toString);
      assertTrue(deep.output().contains("1 problem left"), deep::toString);

      // the command quarantined the blob in the shared database: the running server refuses it at once
      OciClient.Response get = client.get("/v2/lab/tool/blobs/" + layerDigest);
      assertEquals(503, get.status(), get::toString);
      assertEquals("BLOB_QUARANTINED", get.errorCode(), get::toString);

      byte[] stray = "stored, never recorded".getBytes(StandardCharsets.UTF_8);
      Digest strayDigest = Digest.sha256(stray);
      Path strayFile = data.resolve("blobs/sha256").resolve(strayDigest.hex().substring(0, 2))
          .resolve(strayDigest.hex());
      Files.createDirectories(strayFile.getParent());
      Files.write(strayFile, stray);
      JarCommand.Result json = JarCommand.run(data, OPEN, null, "fsck", "--json");
      assertEquals(1, json.exitCode(), json::toString);
      JsonNode report = OciJson.MAPPER.readTree(json.output().substring(json.output().indexOf('{')));
      assertFalse(report.get("clean").asBoolean(), json::toString);
      List<String> kinds = new java.util.ArrayList<>();
      report.get("problems").forEach(p -> kinds.add(p.get("kind").asText() + " " + p.get("subject").asText()));
      assertEquals(List.of("quarantined " + layerDigest, "orphan-bytes " + strayDigest), kinds, json::toString);

      JarCommand.Result repair = JarCommand.run(data, OPEN, null, "fsck", "--repair", "--grace", "PT0S");
      assertTrue(repair.output().contains("repaired  orphan-bytes\t" + strayDigest), repair::toString);
      assertFalse(Files.exists(strayFile));
      assertEquals(1, repair.exitCode(), "the quarantined blob is still a problem: " + repair);
      assertTrue(repair.output().contains("problem   quarantined\t" + layerDigest), repair::toString);
      assertTrue(arca.isAlive());
    }
  }
}
