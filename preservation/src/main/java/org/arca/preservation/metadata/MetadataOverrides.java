package org.arca.preservation.metadata;

import java.util.List;

/**
 * What a user adds to or corrects in the draft record: every field is optional (null or empty keeps the draft's
 * value).
 *
 * @param licenses SPDX licence ids, replacing those from the image's licences label
 * @param keywords free subjects
 * @param papers DOIs of papers this image supplements ({@code IsSupplementTo})
 * @param recipe URL of the recipe (Dockerfile, Apptainer definition, Nix expression) that builds the image
 *     ({@code IsCompiledBy}); the image's source label is used when absent
 * @param conceptDoi the DOI standing for all versions of the repository ({@code IsVersionOf})
 * @param baseImageDoi the DOI of the base image, when it has one, used instead of its pull reference
 * @param related any further related identifiers
 */
public record MetadataOverrides(
    String title,
    String description,
    List<Creator> creators,
    String version,
    List<String> licenses,
    List<String> keywords,
    Integer publicationYear,
    String language,
    List<Doi> papers,
    String recipe,
    Doi conceptDoi,
    Doi baseImageDoi,
    List<RelatedIdentifier> related) {

  public static final MetadataOverrides NONE =
      new MetadataOverrides(null, null, null, null, null, null, null, null, null, null, null, null, null);

  public MetadataOverrides {
    creators = creators == null ? List.of() : List.copyOf(creators);
    licenses = licenses == null ? List.of() : List.copyOf(licenses);
    keywords = keywords == null ? List.of() : List.copyOf(keywords);
    papers = papers == null ? List.of() : List.copyOf(papers);
    related = related == null ? List.of() : List.copyOf(related);
  }

  public MetadataOverrides withConceptDoi(Doi concept) {
    return new MetadataOverrides(title, description, creators, version, licenses, keywords, publicationYear, language,
        papers, recipe, concept, baseImageDoi, related);
  }
}
