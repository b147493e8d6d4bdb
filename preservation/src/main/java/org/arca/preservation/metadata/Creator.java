package org.arca.preservation.metadata;

import java.util.List;
import java.util.Optional;

/**
 * A creator of the described resource: a person (with given and family name where known) or an organisation.
 *
 * <p>A name written {@code Family, Given} is a person's, as DataCite reads it: unless the creator is said to be an
 * organisation, such a name is split into family and given name and the creator is personal, whoever wrote it (a
 * request, a label, a record read back). Citation formats then print it as a person and not as a corporate author.
 *
 * @param name the display name; for a person DataCite asks for {@code Family, Given}
 * @param nameType personal or organisational, or null when unknown (e.g. an account name)
 * @see <a href="https://datacite-metadata-schema.readthedocs.io/en/4.6/properties/creator/">DataCite 4.6, Creator</a>
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
    name = name.strip();
    int comma = name.indexOf(',');
    boolean familyCommaGiven = comma > 0 && comma == name.lastIndexOf(',') && !name.substring(comma + 1).isBlank();
    if (nameType != NameType.ORGANIZATIONAL && givenName == null && familyName == null && familyCommaGiven) {
      familyName = name.substring(0, comma).strip();
      givenName = name.substring(comma + 1).strip();
      name = familyName + ", " + givenName;
      nameType = NameType.PERSONAL;
    }
    nameIdentifiers = nameIdentifiers == null ? List.of() : List.copyOf(nameIdentifiers);
    affiliations = affiliations == null ? List.of() : List.copyOf(affiliations);
  }

  /** A person, named {@code Family, Given} as DataCite asks. */
  public static Creator person(String givenName, String familyName, String orcid, Affiliation... affiliations) {
    return new Creator(familyName + ", " + givenName, NameType.PERSONAL, givenName, familyName,
        orcid == null ? List.of() : List.of(NameIdentifier.orcid(orcid)), List.of(affiliations));
  }

  /**
   * A person known by one display name and perhaps an ORCID iD: {@code Doe, Jane} is read as family and given name,
   * {@code Jane Doe} is split at its last space (the family name last, as most display names are written), and a
   * single word stays whole.
   */
  public static Creator personNamed(String displayName, String orcid) {
    List<NameIdentifier> ids = orcid == null ? List.of() : List.of(NameIdentifier.orcid(orcid));
    String name = displayName.strip();
    int space = name.lastIndexOf(' ');
    if (name.contains(",") || space < 0) {
      return new Creator(name, NameType.PERSONAL, null, null, ids, List.of());
    }
    String given = name.substring(0, space).strip();
    String family = name.substring(space + 1);
    return new Creator(family + ", " + given, NameType.PERSONAL, given, family, ids, List.of());
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
