package org.arca.preservation.metadata;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.arca.core.Digest;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.core.image.ImageLabels;
import org.arca.core.registry.AccountProfiles.AccountProfile;

/**
 * Drafts the DataCite record of an image from what the registry knows ({@link ImageFacts}: repository, tag, digest,
 * the labels and annotations of {@link ImageLabels}, the pusher's account) and applies what the user supplied
 * ({@link MetadataOverrides}), which always wins. Creators are, in this order, the request's, the image's own authors
 * (OCI, BioContainers, a recipe's {@code Author} or {@code maintainer}), the pushing account as it wants to be
 * credited (display name, ORCID iD), and last the archive itself. It also drafts the concept record that stands for
 * all versions of a repository.
 */
public final class DraftMetadataBuilder {
  /** Artifact types under which a SIF converted from an image is stored as its referrer. */
  public static final Set<String> SIF_ARTIFACT_TYPES =
      Set.of("application/vnd.sylabs.sif.config.v1+json", "application/vnd.sylabs.sif.layer.v1.sif");

  private final String publisher;
  private final RegistryUrls urls;
  private final Clock clock;

  public DraftMetadataBuilder(String publisher, RegistryUrls urls, Clock clock) {
    this.publisher = publisher;
    this.urls = urls;
    this.clock = clock;
  }

  public RegistryUrls urls() {
    return urls;
  }

  /** The draft record of one image version; its DOI is unset (the minting service sets it). */
  public DoiMetadata draft(ImageFacts facts, MetadataOverrides overrides) {
    RepositoryName repository = facts.repository();
    String reference = repository + (facts.tag() != null ? ":" + facts.tag() : "");
    boolean sif = facts.artifactType() != null && SIF_ARTIFACT_TYPES.contains(facts.artifactType());

    List<Title> titles = new ArrayList<>();
    String title = first(overrides.title(), facts.property(ImageFacts.TITLE).orElse(null));
    titles.add(new Title(title != null ? title : reference + (sif ? " (SIF)" : "")));
    if (title != null) {
      titles.add(new Title(reference, TitleType.ALTERNATIVE_TITLE, null));
    }

    List<Creator> creators = new ArrayList<>(overrides.creators());
    if (creators.isEmpty()) {
      creators.addAll(AuthorList.parse(facts.firstValue(ImageLabels.AUTHOR_KEYS).orElse(null)));
    }
    if (creators.isEmpty()) {
      pusher(facts).ifPresent(creators::add);
    }
    if (creators.isEmpty()) {
      creators.add(Creator.organization(publisher)); // DataCite requires a creator; the archive is the honest fallback
    }

    Instant available = facts.pushedAt() != null ? facts.pushedAt() : clock.instant();
    // reproducible builds (Jib, ko, Nix, load-recipes) date everything at the epoch: that is no creation date
    Optional<OffsetDateTime> created = facts.property(ImageFacts.CREATED).flatMap(DraftMetadataBuilder::dateTime)
        .filter(c -> c.toEpochSecond() > 0);
    int year = overrides.publicationYear() != null ? overrides.publicationYear()
        : available.atOffset(ZoneOffset.UTC).getYear();
    List<MetadataDate> dates = new ArrayList<>();
    created.ifPresent(c -> dates.add(new MetadataDate(c.toLocalDate().toString(), DateType.CREATED)));
    dates.add(new MetadataDate(available.atOffset(ZoneOffset.UTC).toLocalDate().toString(), DateType.AVAILABLE,
        "pushed to " + urls.base()));

    List<AlternateIdentifier> alternates = List.of(
        new AlternateIdentifier(facts.digest().toString(), AlternateIdentifier.OCI_DIGEST),
        new AlternateIdentifier(urls.pullReference(repository, facts.digest()), AlternateIdentifier.IMAGE_REFERENCE));

    List<RelatedIdentifier> related = new ArrayList<>();
    baseImage(facts, overrides).ifPresent(related::add);
    if (overrides.conceptDoi() != null) {
      related.add(RelatedIdentifier.doi(overrides.conceptDoi(), RelationType.IS_VERSION_OF,
          ResourceTypeGeneral.SOFTWARE));
    }
    for (Doi paper : overrides.papers()) {
      related.add(RelatedIdentifier.doi(paper, RelationType.IS_SUPPLEMENT_TO, ResourceTypeGeneral.JOURNAL_ARTICLE));
    }
    String recipe = first(overrides.recipe(), facts.property(ImageFacts.SOURCE).orElse(null));
    if (recipe != null) {
      related.add(RelatedIdentifier.url(recipe, RelationType.IS_COMPILED_BY, ResourceTypeGeneral.SOFTWARE));
    }
    if (sif && facts.subject() != null) {
      related.add(RelatedIdentifier.url(urls.image(repository, facts.subject()), RelationType.IS_VARIANT_FORM_OF,
          ResourceTypeGeneral.SOFTWARE));
    }
    for (Digest variant : facts.variants()) {
      related.add(RelatedIdentifier.url(urls.image(repository, variant), RelationType.IS_ORIGINAL_FORM_OF,
          ResourceTypeGeneral.SOFTWARE));
    }
    facts.firstValue(ImageLabels.DOCUMENTATION_KEYS).ifPresent(doc ->
        related.add(RelatedIdentifier.url(doc, RelationType.IS_DOCUMENTED_BY, ResourceTypeGeneral.TEXT)));
    overrides.related().stream().filter(r -> !related.contains(r)).forEach(related::add);

    List<Rights> rights = new ArrayList<>();
    if (!overrides.licenses().isEmpty()) {
      overrides.licenses().forEach(id -> rights.add(Rights.spdx(id)));
    } else {
      facts.first(ImageLabels.LICENSE_KEYS).ifPresent(l -> rights.addAll(SpdxExpression.rights(l.getKey(),
          l.getValue())));
    }

    List<Description> descriptions = new ArrayList<>();
    String description = first(overrides.description(), facts.firstValue(ImageLabels.SUMMARY_KEYS).orElse(null));
    if (description != null) {
      descriptions.add(new Description(description, DescriptionType.ABSTRACT));
    }
    descriptions.add(new Description(technicalInfo(facts, sif), DescriptionType.TECHNICAL_INFO));

    String version = first(overrides.version(), facts.property(ImageFacts.VERSION).orElse(null));
    if (version == null) {
      version = facts.tag();
    }
    List<String> formats = new ArrayList<>();
    formats.add(facts.mediaType());
    if (facts.artifactType() != null && !formats.contains(facts.artifactType())) {
      formats.add(facts.artifactType());
    }
    return new DoiMetadata(null, urls.image(repository, facts.digest()), creators, titles, publisher, year,
        ResourceType.CONTAINER_IMAGE, overrides.keywords().stream().map(Subject::new).toList(), dates,
        overrides.language(), alternates, related, List.of(facts.size() + " bytes"), formats, version, rights,
        descriptions);
  }

  /** {@code metadata} as the record of {@code doi}: named by it, and resolving to its landing page here. */
  public DoiMetadata forDoi(DoiMetadata metadata, Doi doi) {
    return metadata.withDoi(doi).withUrl(urls.doi(doi));
  }

  /**
   * The record of the concept DOI that stands for every version of {@code repository}: it takes creators, titles,
   * rights and abstract from {@code latest} and lists each version ({@code HasVersion}).
   */
  public DoiMetadata concept(RepositoryName repository, DoiMetadata latest, List<Doi> versions) {
    List<RelatedIdentifier> related = versions.stream()
        .map(v -> RelatedIdentifier.doi(v, RelationType.HAS_VERSION, ResourceTypeGeneral.SOFTWARE)).toList();
    List<Description> descriptions = new ArrayList<>(
        latest.descriptions().stream().filter(d -> d.type() == DescriptionType.ABSTRACT).toList());
    descriptions.add(new Description("All versions of the container image repository " + repository
        + "; each version has its own DOI, listed here with HasVersion.", DescriptionType.OTHER));
    List<Title> titles = latest.titles().stream().filter(t -> t.type() == null).toList();
    return new DoiMetadata(null, urls.repository(repository), latest.creators(), titles, publisher,
        latest.publicationYear(), ResourceType.CONTAINER_IMAGE, latest.subjects(), List.of(), latest.language(),
        List.of(new AlternateIdentifier(urls.repository(repository), "URL")), related, List.of(),
        List.of(), null, latest.rights(), descriptions);
  }

  /**
   * The account that pushed the image, as it wants to be credited: its display name and ORCID iD, a person unless the
   * account is an organisation; its bare name when it gave neither. Nobody for an anonymous push.
   */
  private static Optional<Creator> pusher(ImageFacts facts) {
    AccountProfile profile = facts.pusherProfile();
    if (profile == null) {
      boolean named = facts.pusher() != null && !facts.pusher().isBlank() && !"anonymous".equals(facts.pusher());
      return named ? Optional.of(Creator.named(facts.pusher())) : Optional.empty();
    }
    if (profile.organization()) {
      return Optional.of(Creator.organization(profile.displayName() != null ? profile.displayName() : profile.name()));
    }
    String orcid = validOrcid(profile.orcid());
    if (profile.displayName() != null) {
      return Optional.of(Creator.personNamed(profile.displayName(), orcid));
    }
    return Optional.of(orcid == null ? Creator.named(profile.name())
        : new Creator(profile.name(), NameType.PERSONAL, null, null, List.of(NameIdentifier.orcid(orcid)), List.of()));
  }

  /** The ORCID iD, or null when there is none or it fails its check digit (a record must not carry a wrong one). */
  private static String validOrcid(String orcid) {
    try {
      return orcid == null ? null : NameIdentifier.orcid(orcid).identifier();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private Optional<RelatedIdentifier> baseImage(ImageFacts facts, MetadataOverrides overrides) {
    if (overrides.baseImageDoi() != null) {
      return Optional.of(RelatedIdentifier.doi(overrides.baseImageDoi(), RelationType.IS_DERIVED_FROM,
          ResourceTypeGeneral.SOFTWARE));
    }
    Optional<String> name = facts.property(ImageFacts.BASE_NAME);
    Optional<String> digest = facts.property(ImageFacts.BASE_DIGEST);
    if (name.isEmpty() && digest.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(RelatedIdentifier.url(baseImageUrl(name.orElse(null), digest.orElse(null)),
        RelationType.IS_DERIVED_FROM, ResourceTypeGeneral.SOFTWARE));
  }

  /**
   * The base image as a URL in the same shape as ours, {@code https://host/path@digest}: Docker's short names are
   * expanded ({@code debian:12} is {@code docker.io/library/debian}) and the digest, when known, replaces the tag so
   * the link names exact bytes.
   */
  static String baseImageUrl(String name, String digestText) {
    String digest = null;
    if (digestText != null) {
      try {
        digest = Digest.parse(digestText).toString();
      } catch (RegistryException e) {
        digest = null;
      }
    }
    if (name == null) {
      return "urn:oci:digest:" + (digest != null ? digest : digestText);
    }
    String reference = name;
    int at = reference.indexOf('@');
    if (at >= 0) {
      if (digest == null) {
        digest = reference.substring(at + 1);
      }
      reference = reference.substring(0, at);
    }
    int slash = reference.indexOf('/');
    int colon = reference.lastIndexOf(':');
    if (colon > slash && digest != null) {
      reference = reference.substring(0, colon); // the digest names the bytes; the tag only named them once
    }
    String first = slash < 0 ? "" : reference.substring(0, slash);
    boolean hasHost = first.contains(".") || first.contains(":") || first.equals("localhost");
    if (!hasHost) {
      reference = "docker.io/" + (slash < 0 ? "library/" : "") + reference;
    }
    return "https://" + reference + (digest != null ? "@" + digest : "");
  }

  private String technicalInfo(ImageFacts facts, boolean sif) {
    StringBuilder text = new StringBuilder();
    text.append(sif ? "Singularity Image Format (SIF) file" : "OCI container image")
        .append(", manifest digest ").append(facts.digest())
        .append(" (").append(facts.mediaType()).append(")");
    if (!facts.platforms().isEmpty()) {
      text.append(", platforms ").append(String.join(", ", facts.platforms()));
    }
    text.append(". Pull the exact image with: docker pull ")
        .append(urls.pullReference(facts.repository(), facts.digest())).append('.');
    facts.property(ImageFacts.REVISION).ifPresent(r -> text.append(" Source revision ").append(r).append("."));
    return text.toString();
  }

  private static Optional<OffsetDateTime> dateTime(String text) {
    try {
      return Optional.of(OffsetDateTime.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String first(String a, String b) {
    return a != null && !a.isBlank() ? a : b != null && !b.isBlank() ? b : null;
  }
}
