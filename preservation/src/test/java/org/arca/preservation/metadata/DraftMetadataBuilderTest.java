package org.arca.preservation.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.arca.core.registry.AccountProfiles.AccountProfile;
import org.arca.preservation.SampleRecords;
import org.junit.jupiter.api.Test;

class DraftMetadataBuilderTest {

  @Test
  void labelledImage_draftTakesTitleAuthorsLicencesVersionAndBaseFromLabels() {
    DoiMetadata m = SampleRecords.builder().draft(SampleRecords.labelledFacts(), MetadataOverrides.NONE);
    assertNull(m.doi());
    assertEquals("Samtools", m.title());
    assertEquals("biocontainers/samtools:1.19.2", m.titles().get(1).title());
    assertEquals(TitleType.ALTERNATIVE_TITLE, m.titles().get(1).type());
    assertEquals(2, m.creators().size());
    Creator jane = m.creators().get(0);
    assertEquals("Doe, Jane", jane.name());
    assertEquals(NameType.PERSONAL, jane.nameType());
    assertEquals("https://orcid.org/0000-0002-1825-0097", jane.orcid().orElseThrow());
    assertEquals("Rick Roe", m.creators().get(1).name());
    assertEquals(List.of("MIT", "Apache-2.0", "GPL-2.0-only"),
        m.rights().stream().map(Rights::rightsIdentifier).toList());
    assertEquals("1.19.2", m.version());
    assertEquals(2026, m.publicationYear());
    assertEquals("Arca Test Archive", m.publisher());
    assertEquals(ResourceType.CONTAINER_IMAGE, m.resourceType());
    assertEquals(SampleRecords.DIGEST.toString(), m.digest().orElseThrow());
    assertEquals("https://arca.example.org/cite/biocontainers/samtools@" + SampleRecords.DIGEST, m.url());
    assertEquals("https://docker.io/library/debian@" + SampleRecords.BASE_DIGEST,
        m.related(RelationType.IS_DERIVED_FROM).get(0).identifier());
    assertEquals("https://github.com/samtools/samtools-container",
        m.related(RelationType.IS_COMPILED_BY).get(0).identifier());
    assertEquals(1, m.related(RelationType.IS_ORIGINAL_FORM_OF).size());
    assertEquals(List.of("48213771 bytes"), m.sizes());
    assertTrue(m.dates().stream().anyMatch(d -> d.type() == DateType.CREATED && d.date().equals("2026-03-13")));
    assertTrue(m.descriptions().stream().anyMatch(d -> d.type() == DescriptionType.TECHNICAL_INFO
        && d.description().contains("docker pull arca.example.org/biocontainers/samtools@sha256:")));
  }

  @Test
  void overrides_winOverLabelsAndAddConceptPaperAndRecipe() {
    DoiMetadata m = SampleRecords.full();
    assertEquals("Doe, Jane", m.creators().get(0).name());
    assertEquals("Samtools Developers", m.creators().get(1).name());
    assertEquals("https://ror.org/02mhbdp94", m.creators().get(0).affiliations().get(0).identifier());
    assertEquals(SampleRecords.CONCEPT.toString(), m.related(RelationType.IS_VERSION_OF).get(0).identifier());
    assertEquals(RelatedIdentifierType.DOI, m.related(RelationType.IS_SUPPLEMENT_TO).get(0).identifierType());
    assertEquals("https://github.com/samtools/samtools-container/blob/main/Dockerfile",
        m.related(RelationType.IS_COMPILED_BY).get(0).identifier());
    assertEquals(2, m.subjects().size());
  }

  @Test
  void bareAnonymousImage_fallsBackToPublisherAsCreatorAndRepositoryAsTitle() {
    DoiMetadata m = SampleRecords.minimal();
    assertEquals("Arca Test Archive", m.creators().get(0).name());
    assertEquals(NameType.ORGANIZATIONAL, m.creators().get(0).nameType());
    assertEquals("lab/analysis", m.title());
    assertTrue(m.rights().isEmpty());
    assertNull(m.version());
    assertEquals(m.url(), m.identifierUrl());
  }

  @Test
  void sifArtifact_isVariantFormOfItsSubjectImage() {
    var facts = new ImageFacts(SampleRecords.labelledFacts().repository(), null, SampleRecords.SIF_DIGEST,
        "application/vnd.oci.image.manifest.v1+json", 10, SampleRecords.PUSHED, "converter", java.util.Map.of(),
        java.util.Map.of(), List.of(), "application/vnd.sylabs.sif.config.v1+json", SampleRecords.DIGEST, List.of());
    DoiMetadata m = SampleRecords.builder().draft(facts, MetadataOverrides.NONE);
    assertEquals("https://arca.example.org/cite/biocontainers/samtools@" + SampleRecords.DIGEST,
        m.related(RelationType.IS_VARIANT_FORM_OF).get(0).identifier());
    assertTrue(m.title().endsWith("(SIF)"));
  }

  @Test
  void conceptRecord_listsEveryVersionWithHasVersion() {
    DoiMetadata latest = SampleRecords.full();
    DoiMetadata concept = SampleRecords.builder().concept(SampleRecords.labelledFacts().repository(), latest,
        List.of(SampleRecords.DOI, Doi.parse("10.5072/arca-0000-0001")));
    assertEquals(2, concept.related(RelationType.HAS_VERSION).size());
    assertEquals("https://arca.example.org/biocontainers/samtools", concept.url());
    assertNull(concept.version());
    assertFalse(concept.digest().isPresent());
  }

  @Test
  void baseImageUrl_expandsDockerShortNamesAndPrefersDigestOverTag() {
    String digest = SampleRecords.BASE_DIGEST.toString();
    assertEquals("https://docker.io/library/debian@" + digest, DraftMetadataBuilder.baseImageUrl("debian:12", digest));
    assertEquals("https://docker.io/rocker/r-ver:4.4", DraftMetadataBuilder.baseImageUrl("rocker/r-ver:4.4", null));
    assertEquals("https://ghcr.io/org/img@" + digest, DraftMetadataBuilder.baseImageUrl("ghcr.io/org/img:1", digest));
    assertEquals("https://localhost:5000/x@" + digest,
        DraftMetadataBuilder.baseImageUrl("localhost:5000/x@" + digest, null));
  }

  private static final Map<String, String> BIOCONTAINERS = SampleRecords.BIOCONTAINERS_LABELS;

  private static ImageFacts bioContainersImage(Map<String, String> labels, String pusher, AccountProfile profile) {
    return SampleRecords.bioContainersFacts(labels, pusher, profile);
  }

  @Test
  void bioContainersLabels_prefillAbstractLicencesAndMaintainer() {
    DoiMetadata m = SampleRecords.builder().draft(bioContainersImage(BIOCONTAINERS, "admin", null),
        MetadataOverrides.NONE);
    assertEquals("Burrow-Wheeler Aligner for pairwise alignment between DNA sequences", m.abstractText().orElseThrow());
    assertEquals(List.of("GPL-3.0-or-later", "MIT"), m.licenses().stream().map(Rights::rightsIdentifier).toList());
    assertEquals("https://spdx.org/licenses/GPL-3.0-or-later.html", m.licenses().get(0).rightsUri());
    assertEquals(List.of("biocontainers"), m.creators().stream().map(Creator::name).toList()); // not "admin"
  }

  @Test
  void epochCreationDateOfAReproducibleBuild_isNoCreatedDate_andAboutDocumentationIsLinked() {
    Map<String, String> labels = new java.util.HashMap<>(BIOCONTAINERS);
    labels.put(ImageFacts.CREATED, "1970-01-01T00:00:00Z");
    labels.put("about.documentation", "http://bio-bwa.sourceforge.net/bwa.shtml");
    DoiMetadata m = SampleRecords.builder().draft(bioContainersImage(labels, "admin", null), MetadataOverrides.NONE);
    assertTrue(m.dates().stream().noneMatch(d -> d.type() == DateType.CREATED), m.dates()::toString);
    assertEquals("http://bio-bwa.sourceforge.net/bwa.shtml",
        m.related(RelationType.IS_DOCUMENTED_BY).get(0).identifier());
  }

  @Test
  void licenceLabelNamingNoExactLicence_isKeptAsWordsWithoutAnSpdxLink() {
    DoiMetadata m = SampleRecords.builder().draft(bioContainersImage(Map.of("about.license", "BSDlike"), "admin",
        null), MetadataOverrides.NONE);
    assertEquals(1, m.rights().size());
    assertEquals("BSDlike", m.rights().get(0).rights());
    assertFalse(m.rights().get(0).isSpdx());
    assertNull(m.rights().get(0).rightsUri());
  }

  @Test
  void ociKeys_winOverBioContainersLabels() {
    Map<String, String> labels = new java.util.HashMap<>(BIOCONTAINERS);
    labels.put(ImageFacts.DESCRIPTION, "BWA, packaged by the lab");
    labels.put(ImageFacts.LICENSES, "GPL-3.0-only");
    labels.put(ImageFacts.AUTHORS, "Li, Heng; Durbin, Richard");
    DoiMetadata m = SampleRecords.builder().draft(bioContainersImage(labels, "admin", null), MetadataOverrides.NONE);
    assertEquals("BWA, packaged by the lab", m.abstractText().orElseThrow());
    assertEquals(List.of("GPL-3.0-only"), m.licenses().stream().map(Rights::rightsIdentifier).toList());
    assertEquals(List.of("Li, Heng", "Durbin, Richard"), m.creators().stream().map(Creator::name).toList());
    assertEquals(List.of("Heng", "Richard"), m.creators().stream().map(Creator::givenName).toList());
  }

  @Test
  void requestMetadata_overridesWhatLabelsPrefill() {
    MetadataOverrides request = new MetadataOverrides(null, "Aligner used in our 2026 study", List.of(
        Creator.named("Doe, Jane")), null, List.of("Apache-2.0"), null, null, null, null, null, null, null, null);
    DoiMetadata m = SampleRecords.builder().draft(bioContainersImage(BIOCONTAINERS, "admin", null), request);
    assertEquals("Aligner used in our 2026 study", m.abstractText().orElseThrow());
    assertEquals(List.of("Apache-2.0"), m.licenses().stream().map(Rights::rightsIdentifier).toList());
    Creator jane = m.creators().get(0);
    assertEquals(1, m.creators().size());
    assertEquals(NameType.PERSONAL, jane.nameType());
    assertEquals("Doe", jane.familyName());
    assertEquals("Jane", jane.givenName());
  }

  @Test
  void pusherWithDisplayNameAndOrcid_isCreditedAsThatPerson() {
    AccountProfile alice = new AccountProfile("alice", "Alice M. Smith", "0000-0002-1825-0097", false);
    DoiMetadata m = SampleRecords.builder().draft(bioContainersImage(Map.of(), "alice", alice),
        MetadataOverrides.NONE);
    Creator creator = m.creators().get(0);
    assertEquals("Smith, Alice M.", creator.name());
    assertEquals(NameType.PERSONAL, creator.nameType());
    assertEquals("Alice M.", creator.givenName());
    assertEquals("Smith", creator.familyName());
    assertEquals("https://orcid.org/0000-0002-1825-0097", creator.orcid().orElseThrow());
  }

  @Test
  void pusherProfile_givesWayToTheImagesOwnAuthors() {
    AccountProfile alice = new AccountProfile("alice", "Alice Smith", null, false);
    DoiMetadata m = SampleRecords.builder().draft(bioContainersImage(Map.of("Author", "Thomas Cokelaer"), "alice",
        alice), MetadataOverrides.NONE);
    assertEquals(List.of("Thomas Cokelaer"), m.creators().stream().map(Creator::name).toList());
  }

  @Test
  void organisationPusherOrOneWithoutProfile_isCreditedByItsNames() {
    AccountProfile lab = new AccountProfile("lab", "Genomics Lab, Example University", null, true);
    Creator org = SampleRecords.builder().draft(bioContainersImage(Map.of(), "lab+ci", lab), MetadataOverrides.NONE)
        .creators().get(0);
    assertEquals(NameType.ORGANIZATIONAL, org.nameType());
    assertEquals("Genomics Lab, Example University", org.name());
    AccountProfile bare = new AccountProfile("bob", null, "0000-0002-1825-0097", false);
    Creator bob = SampleRecords.builder().draft(bioContainersImage(Map.of(), "bob", bare), MetadataOverrides.NONE)
        .creators().get(0);
    assertEquals("bob", bob.name());
    assertEquals(NameType.PERSONAL, bob.nameType());
    assertEquals("https://orcid.org/0000-0002-1825-0097", bob.orcid().orElseThrow());
  }

  @Test
  void orcid_withBadCheckDigit_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> NameIdentifier.orcid("0000-0002-1825-0098"));
    assertEquals("https://orcid.org/0000-0001-5109-3700", NameIdentifier.orcid("0000-0001-5109-3700").identifier());
  }

  @Test
  void doi_parsesResolverUrlsAndComparesCaseInsensitively() {
    assertEquals(Doi.parse("10.5072/ABC-def"), Doi.parse("https://doi.org/10.5072/abc-DEF"));
    assertEquals("https://doi.org/10.5072/abc", Doi.parse("doi:10.5072/abc").url());
    assertThrows(IllegalArgumentException.class, () -> Doi.parse("11.5072/abc"));
  }
}
