package org.arca.search.recipe;

import java.util.Optional;

/**
 * The kinds of build recipe Arca understands, each with the {@code artifactType} a recipe artifact of that kind
 * carries. A recipe is attached to an image as an OCI artifact manifest whose {@code subject} is the image and whose
 * single layer is the recipe file.
 */
public enum RecipeKind {
  DOCKERFILE("application/vnd.arca.recipe.dockerfile.v1", "Dockerfile"),
  SINGULARITY("application/vnd.arca.recipe.singularity.v1", "Singularity.def"),
  CONDA_ENVIRONMENT("application/vnd.arca.recipe.conda-environment.v1", "environment.yml"),
  PIP_REQUIREMENTS("application/vnd.arca.recipe.pip-requirements.v1", "requirements.txt");

  /** An artifact type for a recipe whose kind Arca detects from the file name and content. */
  public static final String GENERIC_ARTIFACT_TYPE = "application/vnd.arca.recipe.v1";
  /** The media type of the recipe layer the loader writes; readers accept any layer media type. */
  public static final String LAYER_MEDIA_TYPE = "text/plain";

  private final String artifactType;
  private final String fileName;

  RecipeKind(String artifactType, String fileName) {
    this.artifactType = artifactType;
    this.fileName = fileName;
  }

  public String artifactType() {
    return artifactType;
  }

  /** The conventional file name of this kind, used as the layer's {@code org.opencontainers.image.title}. */
  public String fileName() {
    return fileName;
  }

  /** The short name used in queries ({@code recipe:dockerfile}) and in results. */
  public String shortName() {
    return switch (this) {
      case DOCKERFILE -> "dockerfile";
      case SINGULARITY -> "singularity";
      case CONDA_ENVIRONMENT -> "conda";
      case PIP_REQUIREMENTS -> "requirements";
    };
  }

  public static Optional<RecipeKind> ofArtifactType(String artifactType) {
    for (RecipeKind kind : values()) {
      if (kind.artifactType.equals(artifactType)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }

  /** Whether an artifact of this type is a recipe (of a known kind, or one to detect). */
  public static boolean isRecipeArtifactType(String artifactType) {
    return GENERIC_ARTIFACT_TYPE.equals(artifactType) || ofArtifactType(artifactType).isPresent();
  }
}
