package org.arca.search.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.arca.core.RepositoryName;
import org.arca.search.query.SearchHit;
import org.arca.search.query.SearchResult;
import org.arca.search.testing.FakeRegistry;
import org.arca.search.testing.OciImages;
import org.arca.search.testing.OciImages.Compression;
import org.arca.search.testing.SearchHarness;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Search reads what is inside a layer whatever its compression, by the layer's magic bytes: xz and bzip2 layers
 * (which Docker reads under the plain tar media type) are indexed like gzip ones, not read as raw tar.
 */
class CompressedLayersTest {
  private static final RepositoryName REPOSITORY = RepositoryName.parse("tools/samtools");

  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(Compression.class)
  void push_layersInEachCompression_packagesAndDocumentationIndexed(Compression compression) throws Exception {
    FakeRegistry registry = new FakeRegistry();
    try (SearchHarness harness = new SearchHarness(registry, dir.resolve("index"))) {
      harness.publish(OciImages.image().compression(compression)
          .layer(OciImages.layer().file("var/lib/dpkg/status",
              "Package: samtools\nStatus: install ok installed\nVersion: 1.17-1\n"))
          .layer(OciImages.layer().file("opt/conda/conda-meta/bwa-0.7.17-h1.json",
                  "{\"name\":\"bwa\",\"version\":\"0.7.17\",\"files\":[]}")
              .file("opt/samtools/README.md", "Samtools reads and writes sequence alignment files."))
          .push(registry, REPOSITORY, "1.17"));
      harness.awaitIdle();

      SearchResult samtools = harness.search("package:samtools@1.17");
      assertEquals(1, samtools.total(), compression + " layer with var/lib/dpkg/status");
      SearchHit hit = samtools.hits().get(0);
      assertEquals("tools/samtools", hit.repository());
      assertEquals("samtools 1.17-1 (deb)", hit.highlights().get("package"));
      assertEquals(1, harness.search("package:bwa@0.7.17").total(), compression + " layer with conda-meta");
      assertEquals(1, harness.search("alignment").total(), compression + " layer with a README");
    }
  }
}
