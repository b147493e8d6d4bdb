package org.arca.preservation.metadata;

/**
 * A link from the described resource to another one: the described resource {@code relationType} the related one
 * (e.g. this image IsDerivedFrom its base image).
 *
 * @param resourceTypeGeneral the type of the related resource, or null
 */
public record RelatedIdentifier(String identifier, RelatedIdentifierType identifierType, RelationType relationType,
    ResourceTypeGeneral resourceTypeGeneral) {

  public RelatedIdentifier {
    if (identifier == null || identifier.isBlank() || identifierType == null || relationType == null) {
      throw new IllegalArgumentException("a related identifier needs a value, its type and a relation type");
    }
  }

  /** A related DOI. */
  public static RelatedIdentifier doi(Doi doi, RelationType relation, ResourceTypeGeneral type) {
    return new RelatedIdentifier(doi.toString(), RelatedIdentifierType.DOI, relation, type);
  }

  /** A related URL. */
  public static RelatedIdentifier url(String url, RelationType relation, ResourceTypeGeneral type) {
    return new RelatedIdentifier(url, RelatedIdentifierType.URL, relation, type);
  }

  /** The URL a reader follows: the resolver URL of a DOI, the identifier itself otherwise. */
  public String href() {
    return identifierType == RelatedIdentifierType.DOI ? Doi.parse(identifier).url() : identifier;
  }
}
