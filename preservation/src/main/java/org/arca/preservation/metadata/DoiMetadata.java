package org.arca.preservation.metadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The DataCite 4.6 record of one image version (or of a repository's concept, all versions together). The same
 * record is rendered into every citation format, so an image without a DOI ({@code doi} null) is still fully
 * describable: it is then identified by {@code url}, the registry URL that names its digest.
 *
 * @param doi the DOI, or null for an image cited by digest
 * @param url the landing page: the registry URL {@code <base>/<repository>@<digest>} for an image
 * @param publicationYear the year the resource was (or will be) made public
 * @see <a href="https://datacite-metadata-schema.readthedocs.io/en/4.6/">DataCite Metadata Schema 4.6</a>
 */
public record DoiMetadata(
    Doi doi,
    String url,
    List<Creator> creators,
    List<Title> titles,
    String publisher,
    int publicationYear,
    ResourceType resourceType,
    List<Subject> subjects,
    List<MetadataDate> dates,
    String language,
    List<AlternateIdentifier> alternateIdentifiers,
    List<RelatedIdentifier> relatedIdentifiers,
    List<String> sizes,
    List<String> formats,
    String version,
    List<Rights> rights,
    List<Description> descriptions) {

  public DoiMetadata {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("a record needs a URL (its landing page)");
    }
    if (creators == null || creators.isEmpty()) {
      throw new IllegalArgumentException("DataCite requires at least one creator");
    }
    if (titles == null || titles.isEmpty()) {
      throw new IllegalArgumentException("DataCite requires at least one title");
    }
    if (publisher == null || publisher.isBlank()) {
      throw new IllegalArgumentException("DataCite requires a publisher");
    }
    if (publicationYear < 1000 || publicationYear > 9999) {
      throw new IllegalArgumentException("publication year " + publicationYear + " is not four digits");
    }
    if (resourceType == null) {
      throw new IllegalArgumentException("DataCite requires a resource type");
    }
    creators = List.copyOf(creators);
    titles = List.copyOf(titles);
    subjects = copy(subjects);
    dates = copy(dates);
    alternateIdentifiers = copy(alternateIdentifiers);
    relatedIdentifiers = copy(relatedIdentifiers);
    sizes = copy(sizes);
    formats = copy(formats);
    rights = copy(rights);
    descriptions = copy(descriptions);
  }

  private static <T> List<T> copy(List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }

  /** The main title: the first without a type, else the first. */
  public String title() {
    return titles.stream().filter(t -> t.type() == null).findFirst().orElse(titles.get(0)).title();
  }

  /** What a citation links to: the DOI's resolver URL, or the registry URL for an image without a DOI. */
  public String identifierUrl() {
    return doi != null ? doi.url() : url;
  }

  /** The manifest digest, if the record carries one as alternate identifier. */
  public Optional<String> digest() {
    return alternateIdentifiers.stream().filter(a -> AlternateIdentifier.OCI_DIGEST.equals(a.type()))
        .map(AlternateIdentifier::identifier).findFirst();
  }

  /** The abstract, if any. */
  public Optional<String> abstractText() {
    return descriptions.stream().filter(d -> d.type() == DescriptionType.ABSTRACT).map(Description::description)
        .findFirst();
  }

  /** A DOI this record names that is not registered yet, so it must not be cited as a doi.org link. */
  public Optional<String> unregisteredDoi() {
    return alternateIdentifiers.stream().filter(a -> AlternateIdentifier.UNREGISTERED_DOI.equals(a.type()))
        .map(AlternateIdentifier::identifier).findFirst();
  }

  /** What a citation says of an {@linkplain #unregisteredDoi() unregistered DOI}, in one sentence for a note. */
  public Optional<String> unregisteredDoiNote() {
    return unregisteredDoi().map(d -> "DOI " + d + " is reserved by " + publisher + " but not registered with a"
        + " registration agency, so it does not resolve at https://doi.org; " + url + " does");
  }

  /**
   * This record as citations should name it while its DOI is not registered (minted by the {@code local} provider,
   * or a DataCite draft): a doi.org link would lead nowhere, so the record is cited by its landing page here
   * ({@link #url()}) and keeps the DOI only as an {@linkplain #unregisteredDoi() alternate identifier}.
   */
  public DoiMetadata withUnregisteredDoi() {
    if (doi == null) {
      return this;
    }
    List<AlternateIdentifier> alternates = new ArrayList<>(alternateIdentifiers);
    alternates.add(new AlternateIdentifier(doi.toString(), AlternateIdentifier.UNREGISTERED_DOI));
    return new DoiMetadata(null, url, creators, titles, publisher, publicationYear, resourceType, subjects, dates,
        language, alternates, relatedIdentifiers, sizes, formats, version, rights, descriptions);
  }

  /** The SPDX licences among the rights. */
  public List<Rights> licenses() {
    return rights.stream().filter(Rights::isSpdx).toList();
  }

  public List<RelatedIdentifier> related(RelationType type) {
    return relatedIdentifiers.stream().filter(r -> r.relationType() == type).toList();
  }

  public DoiMetadata withDoi(Doi newDoi) {
    return new DoiMetadata(newDoi, url, creators, titles, publisher, publicationYear, resourceType, subjects, dates,
        language, alternateIdentifiers, relatedIdentifiers, sizes, formats, version, rights, descriptions);
  }

  /** This record with another landing page, e.g. the DOI's own once it is minted. */
  public DoiMetadata withUrl(String newUrl) {
    return new DoiMetadata(doi, newUrl, creators, titles, publisher, publicationYear, resourceType, subjects, dates,
        language, alternateIdentifiers, relatedIdentifiers, sizes, formats, version, rights, descriptions);
  }

  /** This record with {@code extra} related identifiers added, skipping ones it already has. */
  public DoiMetadata withRelated(List<RelatedIdentifier> extra) {
    List<RelatedIdentifier> all = new ArrayList<>(relatedIdentifiers);
    extra.stream().filter(r -> !all.contains(r)).forEach(all::add);
    return new DoiMetadata(doi, url, creators, titles, publisher, publicationYear, resourceType, subjects, dates,
        language, alternateIdentifiers, all, sizes, formats, version, rights, descriptions);
  }
}
