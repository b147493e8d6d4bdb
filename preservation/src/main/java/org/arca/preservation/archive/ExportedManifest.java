package org.arca.preservation.archive;

import java.util.List;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;

/**
 * One manifest in an export, as {@code arca-export.json} lists it: where it belongs, what it needs (blobs, child
 * manifests, its subject) and its tags.
 *
 * @param selected whether it was asked for (an image), as opposed to reached (a child or a referrer)
 * @param blobs the config and layers of an image manifest, in order; none for an index
 * @param children the manifests of an index
 * @param subject the manifest it refers to, or null
 */
public record ExportedManifest(
    RepositoryName repository,
    Digest digest,
    String mediaType,
    long size,
    String artifactType,
    Digest subject,
    List<Digest> children,
    List<Descriptor> blobs,
    List<String> tags,
    boolean selected) {

  public ExportedManifest {
    children = List.copyOf(children);
    blobs = List.copyOf(blobs);
    tags = List.copyOf(tags);
  }
}
