package org.arca.search.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.arca.search.recipe.InstalledPackage;
import org.junit.jupiter.api.Test;

class DockerfileParserTest {

  @Test
  void parse_biocontainersStyle_readsLabelsWithContinuationsAndTrailingSpaces() {
    String text = """
        FROM biocontainers/biocontainers:vdebian-buster-backports_cv1
        MAINTAINER biocontainers <biodocker@gmail.com>
        LABEL    software="infernal" \\\s
            about.summary="inference of RNA secondary structural alignments" \\\s
            about.copyright=" 2001-2014 HHMI Janelia Farm" \\\s
            about.license="GPL-3"

        USER root
        ENV DEBIAN_FRONTEND noninteractive
        RUN apt-get update && (apt-get install -t buster-backports -y infernal || apt-get install -y infernal) && apt-get clean
        """;
    Recipe recipe = DockerfileParser.parse(text);
    assertEquals("biocontainers/biocontainers:vdebian-buster-backports_cv1", recipe.baseImage());
    assertEquals("infernal", recipe.labels().get("software"));
    assertEquals("inference of RNA secondary structural alignments", recipe.labels().get("about.summary"));
    assertEquals("2001-2014 HHMI Janelia Farm", recipe.labels().get("about.copyright"));
    assertEquals("GPL-3", recipe.labels().get("about.license"));
    assertEquals("biocontainers <biodocker@gmail.com>", recipe.labels().get("maintainer"));
    assertEquals(List.of("DEBIAN_FRONTEND=noninteractive"), recipe.env());
    assertEquals(List.of(new InstalledPackage("apt", "infernal", null)), recipe.packages());
    assertEquals(6, recipe.instructions().size());
  }

  @Test
  void parse_labelMaintainer_winsOverTheDeprecatedInstructionWhereverItStands() {
    String label = "LABEL maintainer=\"Jane Doe <jane@example.org>\"\n";
    String instruction = "MAINTAINER biocontainers <biodocker@gmail.com>\n";
    assertEquals("Jane Doe <jane@example.org>",
        DockerfileParser.parse("FROM debian:12\n" + label + instruction).labels().get("maintainer"));
    assertEquals("Jane Doe <jane@example.org>",
        DockerfileParser.parse("FROM debian:12\n" + instruction + label).labels().get("maintainer"));
  }

  @Test
  void parse_multiStage_baseIsTheFinalStagesBase() {
    Recipe recipe = DockerfileParser.parse("""
        ARG PY=3.11
        FROM python:${PY}-slim AS build
        RUN pip install --no-cache-dir numpy==1.26.4 'pandas>=2' -r requirements.txt
        FROM build
        RUN conda install -c bioconda -y samtools=1.17 bioconda::bwa=0.7.17=h5bf99c6_8
        """);
    assertEquals("python:3.11-slim", recipe.baseImage());
    assertEquals(List.of(new InstalledPackage("pip", "numpy", "1.26.4"), new InstalledPackage("pip", "pandas", null),
        new InstalledPackage("conda", "samtools", "1.17"), new InstalledPackage("conda", "bwa", "0.7.17")),
        recipe.packages());
  }

  @Test
  void parse_labelLegacyFormAndEnvPairs_bothRead() {
    Recipe recipe = DockerfileParser.parse("""
        FROM ubuntu:20.04
        LABEL description A tool with spaces
        ENV VERSION=2.30.0 PATH=/opt/bin:$PATH
        LABEL version="${VERSION}"
        RUN apk add --no-cache --virtual .build gcc bash=5.2.15-r0 && Rscript -e 'install.packages(c("ggplot2","data.table"))'
        """);
    assertEquals("A tool with spaces", recipe.labels().get("description"));
    assertEquals("2.30.0", recipe.labels().get("version"));
    assertTrue(recipe.env().contains("VERSION=2.30.0"));
    assertEquals(List.of(new InstalledPackage("cran", "ggplot2", null), new InstalledPackage("cran", "data.table", null),
        new InstalledPackage("apk", "gcc", null), new InstalledPackage("apk", "bash", "5.2.15-r0")), recipe.packages());
  }

  @Test
  void instructions_commentsAndEmptyLinesInsideContinuation_skipped() {
    List<String> instructions = DockerfileParser.instructions("""
        # comment
        RUN apt-get install -y \\
        # a comment inside
            samtools \\

            bwa
        CMD ["samtools"]
        """);
    assertEquals(List.of("RUN apt-get install -y samtools bwa", "CMD [\"samtools\"]"), instructions);
  }
}
