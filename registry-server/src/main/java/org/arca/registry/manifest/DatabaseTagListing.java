package org.arca.registry.manifest;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.Platform;
import org.arca.core.RepositoryName;
import org.arca.core.image.ImageConfig;
import org.arca.core.image.Manifest;
import org.arca.core.registry.BlobStore;
import org.arca.core.registry.RegistryCatalog;
import org.arca.core.registry.StoredManifest;
import org.arca.core.registry.TagListing;
import org.arca.registry.metadata.Database;

/**
 * {@link TagListing} over the tag table: the filter, order and page are one query on the tag index; sizes and
 * architectures are read from the page's manifests (and image configs) only, so a page costs the same in a
 * repository of ten tags or of ten thousand.
 */
@Singleton
class DatabaseTagListing implements TagListing {
  /** Image configs are small; one bigger than this is not read for its architecture. */
  private static final int MAX_CONFIG_BYTES = 4 * 1024 * 1024;

  private final Database database;
  private final ManifestService manifests;
  private final RegistryCatalog catalog;
  private final BlobStore blobs;

  DatabaseTagListing(Database database, ManifestService manifests, RegistryCatalog catalog, BlobStore blobs) {
    this.database = database;
    this.manifests = manifests;
    this.catalog = catalog;
    this.blobs = blobs;
  }

  private record Row(String tag, Digest digest, Instant pushedAt) {}

  @Override
  public TagTable tags(RepositoryName repository, String filter, Order order, int offset, int limit) {
    OptionalLong id = manifests.repositoryId(repository);
    if (id.isEmpty()) {
      return new TagTable(0, List.of());
    }
    String pattern = "%" + likeEscaped(filter == null ? "" : filter.strip().toLowerCase(Locale.ROOT)) + "%";
    String sorted = order == Order.PUSHED ? "updated_at DESC, sort_name, name" : "sort_name, name";
    List<Row> rows = new ArrayList<>();
    long total = database.read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT name, digest, updated_at FROM tag WHERE repository_id = ?"
          + " AND sort_name LIKE ? ESCAPE '\\' ORDER BY " + sorted + " OFFSET ? ROWS FETCH FIRST ? ROWS ONLY")) {
        s.setLong(1, id.getAsLong());
        s.setString(2, pattern);
        s.setInt(3, offset);
        s.setInt(4, limit);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            rows.add(new Row(r.getString(1), Digest.parse(r.getString(2)),
                r.getTimestamp(3).toInstant()));
          }
        }
      }
      try (PreparedStatement s = c.prepareStatement(
          "SELECT COUNT(*) FROM tag WHERE repository_id = ? AND sort_name LIKE ? ESCAPE '\\'")) {
        s.setLong(1, id.getAsLong());
        s.setString(2, pattern);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          return r.getLong(1);
        }
      }
    });
    List<TagRow> table = new ArrayList<>(rows.size());
    for (Row row : rows) {
      Optional<StoredManifest> stored = catalog.manifest(repository, row.digest());
      if (stored.isEmpty()) {
        continue; // deleted between the two reads
      }
      Manifest manifest = stored.get().parse();
      Set<String> architectures = new LinkedHashSet<>();
      long size = manifest.isIndex() ? indexSize(repository, manifest, architectures)
          : imageSize(manifest, architectures);
      table.add(new TagRow(row.tag(), row.digest(), stored.get().mediaType(), size, List.copyOf(architectures),
          row.pushedAt()));
    }
    return new TagTable(total, table);
  }

  private long indexSize(RepositoryName repository, Manifest index, Set<String> architectures) {
    long size = 0;
    for (Descriptor child : index.manifests()) {
      Platform platform = child.platform();
      if (platform == null || "unknown".equals(platform.architecture())) {
        continue; // attestations and other artifacts are not a platform of the image
      }
      architectures.add(architecture(platform.architecture(), platform.variant()));
      Optional<StoredManifest> image = catalog.manifest(repository, child.digest());
      if (image.isPresent() && !image.get().parse().isIndex()) {
        size += layersAndConfig(image.get().parse());
      }
    }
    return size;
  }

  private long imageSize(Manifest image, Set<String> architectures) {
    String type = image.config().mediaType();
    boolean imageConfig = type.equals(MediaTypes.OCI_CONFIG) || type.equals(MediaTypes.DOCKER_CONFIG);
    if (imageConfig && image.config().size() <= MAX_CONFIG_BYTES) {
      try (InputStream in = blobs.open(image.config().digest())) {
        ImageConfig config = ImageConfig.parse(in);
        if (config.architecture() != null) {
          architectures.add(architecture(config.architecture(), config.variant()));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("read the image config " + image.config().digest(), e);
      }
    }
    return layersAndConfig(image);
  }

  private static long layersAndConfig(Manifest image) {
    return image.config().size() + image.layers().stream().mapToLong(Descriptor::size).sum();
  }

  private static String architecture(String architecture, String variant) {
    return variant == null || variant.isBlank() ? architecture : architecture + "/" + variant;
  }

  private static String likeEscaped(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
