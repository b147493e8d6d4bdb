package org.arca.search.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.stream.Stream;
import org.arca.search.recipe.InstalledPackage;
import org.arca.search.testing.OciImages;
import org.arca.search.testing.OciImages.Compression;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class ImageFilesystemTest {
  private static final String DPKG_V1 = """
      Package: bash
      Status: install ok installed
      Version: 5.1-2

      Package: old-tool
      Status: deinstall ok config-files
      Version: 1.0
      """;
  private static final String DPKG_V2 = """
      Package: bash
      Status: install ok installed
      Version: 5.2.15-2+b2
      """;

  private ImageFilesystem filesystem() {
    return new ImageFilesystem(new ImageContentFiles(new DocumentationExtractor(16 * 1024), 50), Long.MAX_VALUE);
  }

  private static void apply(ImageFilesystem fs, OciImages.Layer layer, Compression compression) throws Exception {
    byte[] bytes = layer.bytes(compression);
    fs.apply(() -> new ByteArrayInputStream(bytes));
  }

  private static List<InstalledPackage> packages(ImageFilesystem fs) {
    return fs.factList().stream().flatMap(f -> f instanceof FileFact.Packages p ? p.packages().stream() : Stream.empty())
        .toList();
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void apply_laterLayerReplacesFile_finalVersionWins(Compression compression) throws Exception {
    ImageFilesystem fs = filesystem();
    apply(fs, OciImages.layer().file("var/lib/dpkg/status", DPKG_V1), compression);
    apply(fs, OciImages.layer().file("./var/lib/dpkg/status", DPKG_V2), compression);
    assertEquals(List.of(new InstalledPackage("deb", "bash", "5.2.15-2+b2")), packages(fs));
  }

  @Test
  void apply_whiteoutOfFileAndOfParentDirectory_removesFacts() throws Exception {
    ImageFilesystem fs = filesystem();
    apply(fs, OciImages.layer().file("opt/conda/conda-meta/samtools-1.17-h1.json",
        "{\"build\":\"h1\",\"name\":\"samtools\",\"files\":[\"bin/samtools\"],\"version\":\"1.17\"}")
        .file("opt/conda/conda-meta/bwa-0.7.17-h2.json", "{\"name\":\"bwa\",\"version\":\"0.7.17\"}")
        .file("usr/lib/python3/dist-packages/pysam-0.22.0.dist-info/METADATA",
            "Metadata-Version: 2.1\nName: pysam\nVersion: 0.22.0\n\nlong description\n"), Compression.GZIP);
    apply(fs, OciImages.layer().whiteout("opt/conda/conda-meta/bwa-0.7.17-h2.json")
        .whiteout("usr/lib/python3/dist-packages"), Compression.GZIP);
    assertEquals(List.of(new InstalledPackage("conda", "samtools", "1.17")), packages(fs));
  }

  @Test
  void apply_opaqueDirectory_hidesOnlyLowerLayers() throws Exception {
    ImageFilesystem fs = filesystem();
    apply(fs, OciImages.layer().file("usr/lib/R/site-library/ggplot2/DESCRIPTION",
        "Package: ggplot2\nVersion: 3.4.4\nTitle: Grammar of Graphics\n"), Compression.NONE);
    // the opaque marker may come after the new content in the same layer: it still hides only what was below
    apply(fs, OciImages.layer().file("usr/lib/R/site-library/dplyr/DESCRIPTION", "Package: dplyr\nVersion: 1.1.4\n")
        .opaque("usr/lib/R/site-library"), Compression.NONE);
    assertEquals(List.of(new InstalledPackage("cran", "dplyr", "1.1.4")), packages(fs));
  }

  @Test
  void apply_fileReplacedBySymlink_factDropped() throws Exception {
    ImageFilesystem fs = filesystem();
    apply(fs, OciImages.layer().file("lib/apk/db/installed", "P:musl\nV:1.2.4-r2\n\nP:busybox\nV:1.36.1-r5\n"),
        Compression.ZSTD);
    assertEquals(2, packages(fs).size());
    apply(fs, OciImages.layer().symlink("lib/apk/db/installed", "/elsewhere"), Compression.ZSTD);
    assertTrue(packages(fs).isEmpty());
  }

  @Test
  void apply_documentation_extractedWithTikaAndDependencyTreesSkipped() throws Exception {
    ImageFilesystem fs = filesystem();
    apply(fs, OciImages.layer()
        .file("opt/tool/README.md", "# Tool\n\nAligns *reads* to graphs.\n")
        .file("usr/share/doc/bash/copyright", "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nLicense: GPL-3+\n")
        .file("usr/share/doc/bash/README.html", "<html><body><p>Bash <b>shell</b> notes</p></body></html>")
        .file("usr/lib/node_modules/left-pad/README.md", "left pad"), Compression.GZIP);
    var docs = fs.factList().stream().filter(f -> f instanceof FileFact.Document).map(f -> ((FileFact.Document) f).document())
        .toList();
    assertEquals(3, docs.size(), docs.toString());
    assertTrue(docs.stream().anyMatch(d -> d.text().contains("Aligns *reads* to graphs")));
    assertTrue(docs.stream().anyMatch(d -> d.mediaType().equals("text/html") && d.text().contains("Bash shell notes")));
    assertFalse(docs.stream().anyMatch(d -> d.path().contains("node_modules")));
  }

  @Test
  void apply_byteCapReached_stopsAndSaysSo() throws Exception {
    ImageFilesystem fs = new ImageFilesystem(new ImageContentFiles(new DocumentationExtractor(100), 10), 2048);
    apply(fs, OciImages.layer().file("a", "x".repeat(4096)).file("var/lib/dpkg/status", DPKG_V2), Compression.GZIP);
    assertTrue(fs.truncated());
    assertTrue(packages(fs).isEmpty());
  }
}
