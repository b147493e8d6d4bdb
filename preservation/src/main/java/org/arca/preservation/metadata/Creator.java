package org.arca.preservation.metadata;

import java.util.List;
import java.util.Optional;

/**
 * A creator of the described resource: a person (with given and family name where known) or an organisation.
 *
 * @param name the display name; for a person DataCite asks for {@code Family, Given}
 * @param nameType personal or organisational, or null when unknown (e.g. an account name)
 */
public record Creator(
    String name,
    NameType nameType,
    String givenName,
    String familyName,
    List<NameIdentifier> nameIdentifiers,
    List<Affiliation> affiliations) {

  public Creator {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a creator needs a name");
    }
    nameIdentifiers = nameIdentifiers == null ? List.of() : List.copyOf(nameIdentifiers);
    affiliations = affiliations == null ? List.of() : List.copyOf(affiliations);
  }

  /** A person, named {@code Family, Given} as DataCite asks. */
  public static Creator person(String givenName, String familyName, String orcid, Affiliation... affiliations) {
    return new Creator(familyName + ", " + givenName, NameType.PERSONAL, givenName, familyName,
        orcid == null ? List.of() : List.of(NameIdentifier.orcid(orcid)), List.of(affiliations));
  }

  public static Creator organization(String name) {
    return new Creator(name, NameType.ORGANIZATIONAL, null, null, List.of(), List.of());
  }

  /** A name whose kind is unknown, such as the account that pushed an image. */
  public static Creator named(String name) {
    return new Creator(name, null, null, null, List.of(), List.of());
  }

  /** The creator's ORCID iD URL, if it has one. */
  public Optional<String> orcid() {
    return nameIdentifiers.stream().filter(NameIdentifier::isOrcid).map(NameIdentifier::identifier).findFirst();
  }

  /** Given name, else the whole name: what citation formats print when they need a short form. */
  public String displayName() {
    return givenName != null && familyName != null ? givenName + " " + familyName : name;
  }
}
