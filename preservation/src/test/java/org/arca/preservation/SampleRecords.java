package org.arca.preservation;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.RepositoryName;
import org.arca.core.registry.AccountProfiles.AccountProfile;
import org.arca.preservation.metadata.Affiliation;
import org.arca.preservation.metadata.Creator;
import org.arca.preservation.metadata.Doi;
import org.arca.preservation.metadata.DoiMetadata;
import org.arca.preservation.metadata.DraftMetadataBuilder;
import org.arca.preservation.metadata.ImageFacts;
import org.arca.preservation.metadata.MetadataOverrides;
import org.arca.preservation.metadata.RegistryUrls;

/** Realistic records shared by the tests: a fully described image and a bare one. */
public final class SampleRecords {
  public static final String BASE_URL = "https://arca.example.org";
  public static final Instant PUSHED = Instant.parse("2026-03-14T09:26:53Z");
  public static final Digest DIGEST =
      Digest.parse("sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b");
  public static final Digest BASE_DIGEST =
      Digest.parse("sha256:b0d6f2ba6b1a1a3c0b6fbd7e2e36c4a0b8bd7f7e8c0e3c7f3e0f8c1b8d3a2e1f");
  public static final Digest SIF_DIGEST =
      Digest.parse("sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0");
  public static final Doi DOI = Doi.parse("10.5072/arca-7qx3-k2m9");
  public static final Doi CONCEPT = Doi.parse("10.5072/arca-c0nc-ept1");
  public static final Doi PAPER = Doi.parse("10.1038/s41592-024-02233-6");

  private SampleRecords() {}

  public static DraftMetadataBuilder builder() {
    return new DraftMetadataBuilder("Arca Test Archive", new RegistryUrls(BASE_URL),
        Clock.fixed(PUSHED, ZoneOffset.UTC));
  }

  /** An image whose labels say nearly everything. */
  public static ImageFacts labelledFacts() {
    return new ImageFacts(RepositoryName.parse("biocontainers/samtools"), "1.19.2", DIGEST, MediaTypes.OCI_MANIFEST,
        48_213_771L, PUSHED, "jdoe",
        Map.of(
            ImageFacts.TITLE, "Samtools",
            ImageFacts.DESCRIPTION, "Tools for manipulating next-generation sequencing data & alignments",
            ImageFacts.AUTHORS, "Jane Doe <jane@example.org> (https://orcid.org/0000-0002-1825-0097); Rick Roe",
            ImageFacts.LICENSES, "MIT AND (Apache-2.0 OR GPL-2.0-only WITH Classpath-exception-2.0)",
            ImageFacts.VERSION, "1.19.2",
            ImageFacts.SOURCE, "https://github.com/samtools/samtools-container",
            ImageFacts.CREATED, "2026-03-13T22:10:00Z",
            ImageFacts.BASE_NAME, "docker.io/library/debian:12",
            ImageFacts.BASE_DIGEST, BASE_DIGEST.toString()),
        Map.of(), List.of("linux/amd64"), null, null, List.of(SIF_DIGEST));
  }

  /** The labels of a BioContainers image: no OCI keys at all, and Debian's spelling of licences. */
  public static final Map<String, String> BIOCONTAINERS_LABELS = Map.of(
      "software", "bwa",
      "about.summary", "Burrow-Wheeler Aligner for pairwise alignment between DNA sequences",
      "about.license", "GPL-3+ | Expat",
      "about.home", "https://github.com/lh3/bwa",
      "maintainer", "biocontainers <biodocker@gmail.com>");

  /** An image labelled {@code labels}, pushed by {@code pusher}, whose account says {@code profile} (or null). */
  public static ImageFacts bioContainersFacts(Map<String, String> labels, String pusher, AccountProfile profile) {
    return new ImageFacts(RepositoryName.parse("biocontainers/bwa"), "0.7.17", DIGEST, MediaTypes.OCI_MANIFEST, 1234,
        PUSHED, pusher, labels, Map.of(), List.of("linux/amd64"), null, null, List.of(), profile);
  }

  /** Everything: labels, a DOI, a concept DOI, a paper, keywords, an affiliation. */
  public static DoiMetadata full() {
    MetadataOverrides overrides = new MetadataOverrides(null, null,
        List.of(Creator.person("Jane", "Doe", "0000-0002-1825-0097",
                Affiliation.ror("University of Example", "https://ror.org/02mhbdp94")),
            Creator.organization("Samtools Developers")),
        null, null, List.of("bioinformatics", "sequence alignment"), null, "en", List.of(PAPER),
        "https://github.com/samtools/samtools-container/blob/main/Dockerfile", CONCEPT, null, null);
    return builder().draft(labelledFacts(), overrides).withDoi(DOI);
  }

  /** A bare image: no labels, no DOI, pushed anonymously. */
  public static DoiMetadata minimal() {
    ImageFacts facts = new ImageFacts(RepositoryName.parse("lab/analysis"), null, DIGEST, MediaTypes.OCI_MANIFEST,
        1234, PUSHED, "anonymous", Map.of(), Map.of(), List.of(), null, null, List.of());
    return builder().draft(facts, MetadataOverrides.NONE);
  }
}
