package org.arca.search.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.arca.search.recipe.InstalledPackage;
import org.arca.search.testing.OciImages;
import org.junit.jupiter.api.Test;

class RecipeReaderTest {
  private final RecipeReader reader = new RecipeReader();

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void read_withoutKindOrName_detectsEachKindFromContent() throws Exception {
    assertEquals(RecipeKind.DOCKERFILE, reader.read(utf8("# build\nFROM debian:12\nRUN true\n"), null, null).kind());
    assertEquals(RecipeKind.SINGULARITY, reader.read(utf8("Bootstrap: docker\nFrom: debian\n"), null, null).kind());
    assertEquals(RecipeKind.CONDA_ENVIRONMENT,
        reader.read(utf8("name: qc\nchannels:\n  - bioconda\ndependencies:\n  - fastqc=0.12.1\n"), null, null).kind());
    assertEquals(RecipeKind.PIP_REQUIREMENTS,
        reader.read(utf8("numpy==1.26.4\npandas>=2.0 ; python_version > '3.8'\n# comment\n"), null, null).kind());
  }

  @Test
  void read_condaEnvironment_readsCondaAndPipPackages() throws Exception {
    Recipe recipe = reader.read(utf8("""
        name: mapping
        channels: [conda-forge, bioconda]
        dependencies:
          - samtools=1.17
          - bioconda::minimap2==2.26=he4a0461_1
          - python>=3.10
          - pip:
            - pysam==0.22.0
        """), RecipeKind.CONDA_ENVIRONMENT, "environment.yml");
    assertEquals(List.of(new InstalledPackage("conda", "samtools", "1.17"),
        new InstalledPackage("conda", "minimap2", "2.26"), new InstalledPackage("conda", "python", null),
        new InstalledPackage("pip", "pysam", "0.22.0")), recipe.packages());
    assertEquals("mapping", recipe.labels().get("conda.environment"));
  }

  @Test
  void read_requirementsWithOptionsAndMarkers_keepsRequirementsOnly() throws Exception {
    Recipe recipe = reader.read(utf8("""
        --index-url https://example.org/simple
        -r other.txt
        biopython==1.83  # pinned
        scikit-learn[alldeps]>=1.3
        mylib @ https://example.org/mylib.whl
        """), RecipeKind.PIP_REQUIREMENTS, "requirements.txt");
    assertEquals(List.of(new InstalledPackage("pip", "biopython", "1.83"),
        new InstalledPackage("pip", "scikit-learn", null), new InstalledPackage("pip", "mylib", null)),
        recipe.packages());
  }

  @Test
  void read_tarGzWrapped_unwrapsTheFileAndUsesItsName() throws Exception {
    byte[] layer = OciImages.layer().file("recipes/Singularity.bwa_0.7.17", "Bootstrap: docker\nFrom: debian\n")
        .bytes(OciImages.Compression.GZIP);
    assertEquals(RecipeKind.SINGULARITY, reader.read(layer, null, null).kind());
  }

  @Test
  void read_binary_refusedAsNotText() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    NotARecipeException e = assertThrows(NotARecipeException.class, () -> reader.read(png, null, "logo.png"));
    assertTrue(e.getMessage().contains("not text"), e.getMessage());
  }

  @Test
  void read_proseOfNoKnownKind_refusedWithMessage() {
    NotARecipeException e = assertThrows(NotARecipeException.class,
        () -> reader.read(utf8("This is a README about my tool.\nIt does things.\n"), null, "notes.txt"));
    assertTrue(e.getMessage().contains("neither a Dockerfile"), e.getMessage());
  }
}
