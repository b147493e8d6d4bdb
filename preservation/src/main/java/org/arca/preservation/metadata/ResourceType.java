package org.arca.preservation.metadata;

/** The general type of the resource and its free-text specific type. */
public record ResourceType(ResourceTypeGeneral general, String specific) {
  /** What every image record says: software, a container image. */
  public static final ResourceType CONTAINER_IMAGE = new ResourceType(ResourceTypeGeneral.SOFTWARE, "Container image");

  public ResourceType {
    if (general == null) {
      throw new IllegalArgumentException("resourceTypeGeneral is required");
    }
  }
}
