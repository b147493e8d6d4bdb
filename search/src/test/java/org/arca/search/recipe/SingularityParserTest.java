package org.arca.search.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.arca.search.recipe.InstalledPackage;
import org.junit.jupiter.api.Test;

class SingularityParserTest {

  @Test
  void parse_headerSectionsLabelsEnvironmentHelpAndPost() {
    Recipe recipe = SingularityParser.parse("""
        Bootstrap: docker
        From: alpine:3.15

        %labels
            Author Sequana Team
            Version v2.30.0

        %help
            bedtools: a powerful toolset for genome arithmetic.

            More text.

        %post
            apk update
            apk add --virtual=deps --update --no-cache zlib-dev xz bash --force-non-repository
            pip install pysam==0.22.0

        %environment
            export LC_ALL=C.UTF-8
            PATH=/usr/local/bin:$PATH

        %runscript
            exec bedtools "$@"
        """);
    assertEquals(RecipeKind.SINGULARITY, recipe.kind());
    assertEquals("alpine:3.15", recipe.baseImage());
    assertEquals("Sequana Team", recipe.labels().get("Author"));
    assertEquals("v2.30.0", recipe.labels().get("Version"));
    assertTrue(recipe.help().startsWith("bedtools: a powerful toolset"));
    assertEquals(List.of("LC_ALL=C.UTF-8", "PATH=/usr/local/bin:$PATH"), recipe.env());
    assertEquals(List.of(new InstalledPackage("apk", "zlib-dev", null), new InstalledPackage("apk", "xz", null),
        new InstalledPackage("apk", "bash", null), new InstalledPackage("pip", "pysam", "0.22.0")), recipe.packages());
    assertEquals("Bootstrap: docker", recipe.instructions().get(0));
    assertTrue(recipe.instructions().stream().anyMatch(i -> i.startsWith("%runscript\nexec bedtools")));
  }

  @Test
  void parse_localImageBootstrap_baseIsTheImageFileName() {
    Recipe recipe = SingularityParser.parse("BootStrap: localimage\nFrom: ../../library/micromamba/micromamba_2.5.0.img\n"
        + "%post\n  micromamba install -c bioconda -c conda-forge -y fastp==0.23.4\n");
    assertEquals("micromamba_2.5.0.img", recipe.baseImage());
    assertEquals(List.of(new InstalledPackage("conda", "fastp", "0.23.4")), recipe.packages());
  }
}
