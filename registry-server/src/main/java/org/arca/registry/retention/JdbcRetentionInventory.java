package org.arca.registry.retention;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.core.image.ImageConfig;
import org.arca.core.image.Manifest;
import org.arca.core.registry.BlobStore;
import org.arca.preservation.retention.RetentionInventory;
import org.arca.preservation.retention.RetentionPlanner;
import org.arca.preservation.retention.Rule;
import org.arca.registry.metadata.Database;
import org.arca.registry.retention.PullStatistics.PullStat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's tags and manifests as retention planning sees them, read with a few queries per repository (tags,
 * manifests, references with blob sizes, pull statistics). An image's expiry comes from its
 * {@code org.arca.expires-after} annotation or, failing that, its config's label of that name.
 */
@Singleton
class JdbcRetentionInventory implements RetentionInventory {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcRetentionInventory.class);

  private final Database database;
  private final PullStatistics pulls;
  private final BlobStore blobs;

  JdbcRetentionInventory(Database database, PullStatistics pulls, BlobStore blobs) {
    this.database = database;
    this.pulls = pulls;
    this.blobs = blobs;
  }

  @Override
  public List<RepositoryName> repositories() {
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT name FROM repository ORDER BY name");
          ResultSet r = s.executeQuery()) {
        List<RepositoryName> names = new ArrayList<>();
        while (r.next()) {
          names.add(RepositoryName.parse(r.getString(1)));
        }
        return names;
      }
    });
  }

  /** A manifest row as read, before its references and expiry are known. */
  private record Row(Digest digest, String mediaType, long size, Instant pushedAt, Digest subject, byte[] content) {}

  @Override
  public Contents contents(RepositoryName repository) {
    Map<String, PullStat> stats = pulls.of(repository);
    List<TagFacts> tags = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    Map<Digest, List<Digest>> children = new HashMap<>();
    Map<Digest, Map<Digest, Long>> blobSizes = new HashMap<>();
    database.read(c -> {
      // by id, not by a join on the name: the primary keys lead with repository_id
      long id;
      try (PreparedStatement s = c.prepareStatement("SELECT id FROM repository WHERE name = ?")) {
        s.setString(1, repository.value());
        try (ResultSet r = s.executeQuery()) {
          if (!r.next()) {
            return null;
          }
          id = r.getLong(1);
        }
      }
      try (PreparedStatement s = c.prepareStatement("SELECT name, digest, updated_at FROM tag"
          + " WHERE repository_id = ? ORDER BY name")) {
        s.setLong(1, id);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            PullStat stat = stats.get(r.getString(1));
            tags.add(new TagFacts(r.getString(1), Digest.parse(r.getString(2)), RetentionStore.instant(r, 3),
                stat == null ? null : stat.lastPulledAt()));
          }
        }
      }
      try (PreparedStatement s = c.prepareStatement("SELECT digest, media_type, size, pushed_at, subject, content"
          + " FROM manifest WHERE repository_id = ? ORDER BY pushed_at, digest")) {
        s.setLong(1, id);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            rows.add(new Row(Digest.parse(r.getString(1)), r.getString(2), r.getLong(3), RetentionStore.instant(r, 4),
                r.getString(5) == null ? null : Digest.parse(r.getString(5)), r.getBytes(6)));
          }
        }
      }
      try (PreparedStatement s = c.prepareStatement("SELECT mr.manifest_digest, mr.child_digest,"
          + " mr.child_is_manifest, b.size FROM manifest_reference mr LEFT JOIN blob b ON b.digest = mr.child_digest"
          + " WHERE mr.repository_id = ?")) {
        s.setLong(1, id);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            Digest manifest = Digest.parse(r.getString(1));
            Digest child = Digest.parse(r.getString(2));
            if (r.getBoolean(3)) {
              children.computeIfAbsent(manifest, d -> new ArrayList<>()).add(child);
            } else {
              blobSizes.computeIfAbsent(manifest, d -> new LinkedHashMap<>()).put(child, r.getLong(4));
            }
          }
        }
      }
      return null;
    });
    List<ManifestFacts> manifests = new ArrayList<>(rows.size());
    Map<Digest, Optional<String>> labels = new HashMap<>(); // images of a repository often share their config
    for (Row row : rows) {
      PullStat stat = stats.get(row.digest().toString());
      manifests.add(new ManifestFacts(row.digest(), row.mediaType(), row.size(), row.pushedAt(),
          stat == null ? null : stat.lastPulledAt(), children.getOrDefault(row.digest(), List.of()), row.subject(),
          blobSizes.getOrDefault(row.digest(), Map.of()), expiry(repository, row, labels)));
    }
    return new Contents(repository, tags, manifests);
  }

  /** When the image's {@code org.arca.expires-after} (annotation first, then config label) makes it expire. */
  private Instant expiry(RepositoryName repository, Row row, Map<Digest, Optional<String>> labels) {
    if (MediaTypes.isIndex(row.mediaType())) {
      return null;
    }
    try {
      Manifest manifest = Manifest.parse(row.content(), row.mediaType());
      String lifetime = manifest.annotations().get(RetentionPlanner.EXPIRES_AFTER);
      if (lifetime == null && manifest.config() != null
          && (MediaTypes.OCI_CONFIG.equals(manifest.config().mediaType())
              || MediaTypes.DOCKER_CONFIG.equals(manifest.config().mediaType()))) {
        lifetime = labels.computeIfAbsent(manifest.config().digest(), this::configLabel).orElse(null);
      }
      if (lifetime == null) {
        return null;
      }
      Duration duration = Rule.parseDuration(lifetime);
      return row.pushedAt().plus(duration);
    } catch (IllegalArgumentException | RegistryException e) {
      LOG.warn("{}@{}: ignoring its {}: {}", repository, row.digest(), RetentionPlanner.EXPIRES_AFTER, e.getMessage());
      return null;
    }
  }

  private Optional<String> configLabel(Digest config) {
    try (InputStream in = blobs.open(config)) {
      return Optional.ofNullable(ImageConfig.parse(in).labels().get(RetentionPlanner.EXPIRES_AFTER));
    } catch (IOException | RuntimeException e) {
      LOG.debug("could not read the config {} for its labels: {}", config, e.getMessage());
      return Optional.empty();
    }
  }
}
