package org.arca.registry.vetting;

import static org.arca.registry.vetting.VettingFixtures.json;
import static org.arca.registry.vetting.VettingFixtures.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * {@code arca vetting} as a curator runs it beside a running server on the same data directory: policy show and set,
 * a refused vetting that lists what is missing, a vetting whose attestation the server then lists as a referrer, a
 * revocation, and the status with its history.
 */
class VettingCommandsIT {
  private static final Map<String, String> OPEN = Map.of("ARCA_AUTH_ENABLED", "false");

  @TempDir
  Path work;

  @Test
  void vettingCommands_besideRunningServer_policyVetRevokeStatus() throws Exception {
    Path data = work.resolve("data");
    try (ArcaProcess arca = ArcaProcess.start(data, List.of("-Xmx512m"), OPEN)) {
      OciClient client = new OciClient(arca.url());
      byte[] layer = TestImages.randomBytes(4096);
      byte[] config = TestImages.config("amd64");
      client.pushBlob("lab/tool", layer);
      client.pushBlob("lab/tool", config);
      byte[] manifest = TestImages.manifest(TestImages.descriptor(MediaTypes.OCI_CONFIG, config),
          List.of(TestImages.descriptor(MediaTypes.OCI_LAYER_GZIP, layer)));
      Digest image = client.pushManifest("lab/tool", "v1", manifest, MediaTypes.OCI_MANIFEST);
      String ref = "lab/tool@" + image;

      JarCommand.Result shown = JarCommand.run(data, OPEN, null, "vetting", "policy", "show", "lab");
      assertEquals(0, shown.exitCode(), shown::toString);
      assertTrue(shown.output().contains("\"default\" : true"), shown::toString);

      JarCommand.Result refused = JarCommand.run(data, OPEN, null, "vetting", "vet", ref);
      assertEquals(1, refused.exitCode(), refused::toString);
      assertTrue(refused.output().contains("unmet: no SBOM is attached"), refused::toString);
      assertTrue(refused.output().contains("unmet: no scan report is attached"), refused::toString);

      Descriptor subject = new Descriptor(MediaTypes.OCI_MANIFEST, image, manifest.length);
      VettingFixtures.attach(client, "lab/tool", subject, EvidenceReader.CYCLONEDX_JSON,
          resource("debian-minbase.cdx.json"));
      VettingFixtures.attach(client, "lab/tool", subject, EvidenceReader.TRIVY_REPORT, resource("trivy-clean.json"));
      JarCommand.Result set = JarCommand.run(data, OPEN, null, "vetting", "policy", "set", "lab",
          "{\"scan\":{\"maxSeverity\":\"high\"},\"requireSbom\":true}");
      assertEquals(0, set.exitCode(), set::toString);
      assertTrue(set.output().contains("\"default\" : false"), set::toString);

      JarCommand.Result vetted = JarCommand.run(data, OPEN, null, "vetting", "vet", ref, "--reason", "tool of the lab");
      assertEquals(0, vetted.exitCode(), vetted::toString);
      assertTrue(vetted.output().contains("\"vetted\" : true"), vetted::toString);
      var status = json(client.get("/api/v1/repositories/lab/tool/manifests/" + image + "/vetting"));
      assertTrue(status.get("vetted").asBoolean(), status::toString);
      String attestation = status.get("current").get("attestation").asText();
      assertTrue(client.get("/v2/lab/tool/referrers/" + image).text().contains(attestation),
          "the server lists the attestation the command stored");

      JarCommand.Result revoked = JarCommand.run(data, OPEN, null, "vetting", "revoke", ref, "--reason", "retired");
      assertEquals(0, revoked.exitCode(), revoked::toString);
      JarCommand.Result history = JarCommand.run(data, OPEN, null, "vetting", "status", ref);
      assertEquals(0, history.exitCode(), history::toString);
      String output = history.output();
      // the JSON the command prints, without the log lines the jar may write around it
      var printed = OciJson.MAPPER.readTree(output.substring(output.indexOf("\n{") + 1, output.lastIndexOf('}') + 1));
      assertFalse(printed.get("vetted").asBoolean(), history::toString);
      assertEquals(2, printed.get("history").size(), history::toString);
      assertEquals("revoked: retired", printed.get("current").get("reason").asText());
    }
  }
}
