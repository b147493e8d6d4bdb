package org.arca.converter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.arca.converter.squashfs.SquashfsOptions;
import org.arca.core.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same source digest and converter version give the same SIF, whatever the machine does meanwhile. */
class ReproducibilityTest {
  @TempDir
  Path first;

  @TempDir
  Path second;

  @Test
  void convert_sameSourceTwice_sameDigest() throws IOException {
    Path layoutA = SyntheticImages.kitchenSink(first.resolve("layout"));
    Path layoutB = SyntheticImages.kitchenSink(second.resolve("elsewhere/layout"));
    SifResult a = new SifConverter(SquashfsOptions.defaults().withThreads(1))
        .convert(OciLayoutSource.open(layoutA, SyntheticImages.REF, null, "arca.test/x"), first.resolve("a.sif"));
    SifResult b = new SifConverter(SquashfsOptions.defaults().withThreads(4))
        .convert(OciLayoutSource.open(layoutB, SyntheticImages.REF, null, "arca.test/x"), second.resolve("b.sif"));

    SifTools.assertAccepted(first.resolve("a.sif"));
    assertEquals(a, b);
    assertArrayEquals(Files.readAllBytes(first.resolve("a.sif")), Files.readAllBytes(second.resolve("b.sif")));
    assertEquals(a.digest(), Digest.sha256(Files.readAllBytes(first.resolve("a.sif"))));
  }

  @Test
  void convert_header_uuidFromManifestDigestAndTimesFromCreated() throws IOException {
    Path layout = SyntheticImages.kitchenSink(first.resolve("layout"));
    OciLayoutSource source = OciLayoutSource.open(layout, SyntheticImages.REF, null, "arca.test/x");
    Path sif = first.resolve("x.sif");
    new SifConverter().convert(source, sif);
    SifTools.assertAccepted(sif);

    String header = Tools.run("siftool", "header", sif.toString());
    assertTrue(header.contains("ID:                   " + SifConverter.sifId(source.manifestDigest())), header);
    assertTrue(header.contains("Created At:           2024-03-01 12:00:00 +0000 UTC"), header);
    assertTrue(header.contains("Launch Script:        #!/usr/bin/env run-singularity"), header);
    assertTrue(header.contains("Primary Architecture: amd64"), header);
    Path partition = first.resolve("x.sqfs");
    Tools.run("sh", "-c", "siftool dump 4 '" + sif + "' > '" + partition + "'");
    String superblock = Tools.run("unsquashfs", "-s", partition.toString());
    assertTrue(superblock.contains("Creation or last append time Fri Mar  1 12:00:00 2024"), superblock);
  }
}
