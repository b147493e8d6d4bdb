package org.arca.registry.metadata;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;

/**
 * The registry's metadata in SQL: repositories, blob links, manifests, tags and uploads. Every method runs on the
 * connection of a transaction the caller opened with {@link Database}, so callers compose them into one commit.
 */
@Singleton
public final class MetadataStore {
  /** Locks rows in digest order (see {@link #sizes}). */
  private static final String FOR_UPDATE = " ORDER BY 1 FOR UPDATE";

  /** Repository ids never change once assigned, so a name's id is looked up once. */
  private final ConcurrentHashMap<String, Long> repositoryIds = new ConcurrentHashMap<>();

  // ---- repositories

  /** The repository's id if this instance has looked it up before; no database access. */
  public OptionalLong cachedRepositoryId(RepositoryName name) {
    Long cached = repositoryIds.get(name.value());
    return cached == null ? OptionalLong.empty() : OptionalLong.of(cached);
  }

  public OptionalLong repositoryId(Connection c, RepositoryName name) throws SQLException {
    Long cached = repositoryIds.get(name.value());
    if (cached != null) {
      return OptionalLong.of(cached);
    }
    try (PreparedStatement s = c.prepareStatement("SELECT id FROM repository WHERE name = ?")) {
      s.setString(1, name.value());
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return OptionalLong.empty();
        }
        long id = r.getLong(1);
        repositoryIds.put(name.value(), id);
        return OptionalLong.of(id);
      }
    }
  }

  /** The repository's id, creating the repository when it does not exist yet. */
  public long ensureRepository(Connection c, RepositoryName name, Instant now) throws SQLException {
    OptionalLong existing = repositoryId(c, name);
    if (existing.isPresent()) {
      return existing.getAsLong();
    }
    try (PreparedStatement s = c.prepareStatement("INSERT INTO repository (name, created_at) VALUES (?, ?)")) {
      s.setString(1, name.value());
      s.setObject(2, time(now));
      s.executeUpdate();
    }
    // Not cached until committed: read it back through the same transaction.
    try (PreparedStatement s = c.prepareStatement("SELECT id FROM repository WHERE name = ?")) {
      s.setString(1, name.value());
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** Repository names in order, after {@code last} (exclusive) when given. */
  public List<String> repositoryNames(Connection c, String last, int limit) throws SQLException {
    String sql = last == null
        ? "SELECT name FROM repository ORDER BY name FETCH FIRST ? ROWS ONLY"
        : "SELECT name FROM repository WHERE name > ? ORDER BY name FETCH FIRST ? ROWS ONLY";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      int i = 1;
      if (last != null) {
        s.setString(i++, last);
      }
      s.setInt(i, limit);
      return strings(s);
    }
  }

  // ---- blobs

  /**
   * Records that the blob's bytes are stored (once; later calls change nothing). The row is locked until the
   * transaction ends, so that garbage collection, which deletes a row only while holding its lock, cannot delete it
   * meanwhile; see {@link #blobBeingCollected}.
   */
  public void recordBlob(Connection c, Digest digest, long size, Instant now) throws SQLException {
    if (lockBlob(c, digest).isPresent()) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement("INSERT INTO blob (digest, size, created_at) VALUES (?, ?, ?)")) {
      s.setString(1, digest.toString());
      s.setLong(2, size);
      s.setObject(3, time(now));
      s.executeUpdate();
    }
  }

  public OptionalLong blobSize(Connection c, Digest digest) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT size FROM blob WHERE digest = ?")) {
      s.setString(1, digest.toString());
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? OptionalLong.of(r.getLong(1)) : OptionalLong.empty();
      }
    }
  }

  /** The size of a recorded blob, locking its row until the transaction ends; empty when there is no row. */
  public OptionalLong lockBlob(Connection c, Digest digest) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT size FROM blob WHERE digest = ? FOR UPDATE")) {
      s.setString(1, digest.toString());
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? OptionalLong.of(r.getLong(1)) : OptionalLong.empty();
      }
    }
  }

  /**
   * Whether garbage collection has deleted the blob's row and is deleting its bytes: a commit or mount of the same
   * digest must then not record or link it (its bytes may be gone any moment), and the client pushes it again.
   * Asked after {@link #recordBlob} or {@link #lockBlob}, which wait for a collecting transaction to end.
   */
  public boolean blobBeingCollected(Connection c, Digest digest) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM gc_sweep WHERE digest = ?")) {
      s.setString(1, digest.toString());
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  /**
   * Those of {@code digests} linked to the repository, their link rows locked until the transaction ends: a manifest
   * that references them commits only while garbage collection cannot unlink them.
   */
  public Set<Digest> lockLinks(Connection c, long repositoryId, Collection<Digest> digests) throws SQLException {
    Set<Digest> locked = new HashSet<>();
    List<Digest> all = List.copyOf(new HashSet<>(digests));
    for (int from = 0; from < all.size(); from += 500) {
      List<Digest> batch = all.subList(from, Math.min(all.size(), from + 500));
      try (PreparedStatement s = c.prepareStatement("SELECT digest FROM blob_link WHERE repository_id = ? AND digest IN ("
          + "?,".repeat(batch.size() - 1) + "?) FOR UPDATE")) {
        s.setLong(1, repositoryId);
        for (int i = 0; i < batch.size(); i++) {
          s.setString(i + 2, batch.get(i).toString());
        }
        locked.addAll(digests(s));
      }
    }
    return locked;
  }

  /** Links a recorded blob to a repository, making it readable there. */
  public void linkBlob(Connection c, long repositoryId, Digest digest, Instant now) throws SQLException {
    if (linkedBlobSize(c, repositoryId, digest).isPresent()) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO blob_link (repository_id, digest, linked_at) VALUES (?, ?, ?)")) {
      s.setLong(1, repositoryId);
      s.setString(2, digest.toString());
      s.setObject(3, time(now));
      s.executeUpdate();
    }
  }

  /** The size of a blob linked to the repository, or empty when it is not linked there. */
  public OptionalLong linkedBlobSize(Connection c, long repositoryId, Digest digest) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT b.size FROM blob_link l JOIN blob b ON b.digest = l.digest WHERE l.repository_id = ? AND l.digest = ?")) {
      s.setLong(1, repositoryId);
      s.setString(2, digest.toString());
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? OptionalLong.of(r.getLong(1)) : OptionalLong.empty();
      }
    }
  }

  /** The sizes of those of {@code digests} that are blobs linked to the repository. */
  public Map<Digest, Long> linkedBlobSizes(Connection c, long repositoryId, Collection<Digest> digests)
      throws SQLException {
    return sizes(c, "SELECT l.digest, b.size FROM blob_link l JOIN blob b ON b.digest = l.digest"
        + " WHERE l.repository_id = ? AND l.digest IN ", "", repositoryId, digests);
  }

  /**
   * As {@link #linkedBlobSizes}, locking the links until the transaction ends, so that a concurrent unlink waits and
   * then sees what this transaction referenced. Only the link rows are locked (the size comes from a subquery): the
   * blob rows are shared by every repository.
   */
  public Map<Digest, Long> linkedBlobSizesForUpdate(Connection c, long repositoryId, Collection<Digest> digests)
      throws SQLException {
    return sizes(c, "SELECT l.digest, (SELECT b.size FROM blob b WHERE b.digest = l.digest) FROM blob_link l"
        + " WHERE l.repository_id = ? AND l.digest IN ", FOR_UPDATE, repositoryId, digests);
  }

  public boolean unlinkBlob(Connection c, long repositoryId, Digest digest) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM blob_link WHERE repository_id = ? AND digest = ?")) {
      s.setLong(1, repositoryId);
      s.setString(2, digest.toString());
      return s.executeUpdate() > 0;
    }
  }

  /** Manifests of the repository that reference {@code child} (as config, layer or index entry). */
  public List<Digest> referencingManifests(Connection c, long repositoryId, Digest child) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT manifest_digest FROM manifest_reference WHERE repository_id = ? AND child_digest = ?"
            + " ORDER BY manifest_digest")) {
      s.setLong(1, repositoryId);
      s.setString(2, child.toString());
      return digests(s);
    }
  }

  /** What a manifest references: its config and layers, or an index's child manifests. */
  public List<ManifestReference> references(Connection c, long repositoryId, Digest manifest) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT child_digest, child_is_manifest FROM manifest_reference WHERE repository_id = ?"
            + " AND manifest_digest = ? ORDER BY child_digest")) {
      s.setLong(1, repositoryId);
      s.setString(2, manifest.toString());
      List<ManifestReference> references = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          references.add(new ManifestReference(Digest.parse(r.getString(1)), r.getBoolean(2)));
        }
      }
      return references;
    }
  }

  // ---- manifests

  public Optional<ManifestRow> manifest(Connection c, long repositoryId, Digest digest) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT repository_id, digest, media_type, artifact_type, subject, size, content, annotations, pushed_at,"
            + " pushed_by, user_agent FROM manifest WHERE repository_id = ? AND digest = ?")) {
      s.setLong(1, repositoryId);
      s.setString(2, digest.toString());
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(manifestRow(r, true)) : Optional.empty();
      }
    }
  }

  /** Which of {@code digests} are manifests of the repository. */
  public Set<Digest> existingManifests(Connection c, long repositoryId, Collection<Digest> digests)
      throws SQLException {
    return manifestSizes(c, repositoryId, digests).keySet();
  }

  /** The sizes of those of {@code digests} that are manifests of the repository. */
  public Map<Digest, Long> manifestSizes(Connection c, long repositoryId, Collection<Digest> digests)
      throws SQLException {
    return sizes(c, "SELECT digest, size FROM manifest WHERE repository_id = ? AND digest IN ", "", repositoryId,
        digests);
  }

  /** As {@link #manifestSizes}, locking those manifests until the transaction ends (see the blob variant). */
  public Map<Digest, Long> manifestSizesForUpdate(Connection c, long repositoryId, Collection<Digest> digests)
      throws SQLException {
    return sizes(c, "SELECT digest, size FROM manifest WHERE repository_id = ? AND digest IN ", FOR_UPDATE,
        repositoryId, digests);
  }

  /** Stores a manifest and what it references; returns false when the repository already had it. */
  public boolean insertManifest(Connection c, ManifestRow row, Collection<ManifestReference> references)
      throws SQLException {
    if (!existingManifests(c, row.repositoryId(), List.of(row.digest())).isEmpty()) {
      return false;
    }
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO manifest (repository_id, digest, media_type, artifact_type, subject, size, content, annotations,"
            + " pushed_at, pushed_by, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setLong(1, row.repositoryId());
      s.setString(2, row.digest().toString());
      s.setString(3, row.mediaType());
      s.setString(4, row.artifactType());
      s.setString(5, row.subject() == null ? null : row.subject().toString());
      s.setLong(6, row.size());
      s.setBytes(7, row.content());
      s.setString(8, row.annotations());
      s.setObject(9, time(row.pushedAt()));
      s.setString(10, row.pushedBy());
      s.setString(11, row.userAgent());
      s.executeUpdate();
    }
    if (!references.isEmpty()) {
      Set<Digest> seen = new HashSet<>();
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO manifest_reference (repository_id, manifest_digest, child_digest, child_is_manifest)"
              + " VALUES (?, ?, ?, ?)")) {
        for (ManifestReference reference : references) {
          if (!seen.add(reference.child())) {
            continue; // the same layer twice in one manifest is legal; one row records it
          }
          s.setLong(1, row.repositoryId());
          s.setString(2, row.digest().toString());
          s.setString(3, reference.child().toString());
          s.setBoolean(4, reference.childIsManifest());
          s.addBatch();
        }
        s.executeBatch();
      }
    }
    return true;
  }

  /** Deletes a manifest with the tags pointing at it; returns the removed tags, or empty when it did not exist. */
  public Optional<List<String>> deleteManifest(Connection c, long repositoryId, Digest digest) throws SQLException {
    List<String> tags = tagsOf(c, repositoryId, digest);
    try (PreparedStatement s = c.prepareStatement("DELETE FROM tag WHERE repository_id = ? AND digest = ?")) {
      s.setLong(1, repositoryId);
      s.setString(2, digest.toString());
      s.executeUpdate();
    }
    try (PreparedStatement s = c.prepareStatement(
        "DELETE FROM manifest_reference WHERE repository_id = ? AND manifest_digest = ?")) {
      s.setLong(1, repositoryId);
      s.setString(2, digest.toString());
      s.executeUpdate();
    }
    try (PreparedStatement s = c.prepareStatement("DELETE FROM manifest WHERE repository_id = ? AND digest = ?")) {
      s.setLong(1, repositoryId);
      s.setString(2, digest.toString());
      return s.executeUpdate() > 0 ? Optional.of(tags) : Optional.empty();
    }
  }

  /**
   * Locks a manifest's row until the transaction ends, so that storing what is derived from it and deleting it are
   * serialised; returns false when the repository has no such manifest.
   */
  public boolean lockManifest(Connection c, long repositoryId, Digest digest) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT digest FROM manifest WHERE repository_id = ? AND digest = ? FOR UPDATE")) {
      s.setLong(1, repositoryId);
      s.setString(2, digest.toString());
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  /** Every manifest of the repository, oldest first. */
  public List<Digest> manifestDigests(Connection c, long repositoryId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT digest FROM manifest WHERE repository_id = ? ORDER BY pushed_at, digest")) {
      s.setLong(1, repositoryId);
      return digests(s);
    }
  }

  /** Manifests whose subject is {@code subject}, without their content; optionally of one artifact type. */
  public List<ManifestRow> referrers(Connection c, long repositoryId, Digest subject, String artifactType)
      throws SQLException {
    String sql = "SELECT repository_id, digest, media_type, artifact_type, subject, size, annotations, pushed_at,"
        + " pushed_by, user_agent FROM manifest WHERE repository_id = ? AND subject = ?"
        + (artifactType == null ? "" : " AND artifact_type = ?") + " ORDER BY pushed_at, digest";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, repositoryId);
      s.setString(2, subject.toString());
      if (artifactType != null) {
        s.setString(3, artifactType);
      }
      List<ManifestRow> rows = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          rows.add(manifestRow(r, false));
        }
      }
      return rows;
    }
  }

  // ---- tags

  public Optional<Digest> tagTarget(Connection c, long repositoryId, String tag) throws SQLException {
    return tagTarget(c, repositoryId, tag, "");
  }

  /**
   * As {@link #tagTarget}, locking the tag until the transaction ends, so that of two concurrent moves of one tag the
   * second sees where the first left it (and its event names the right previous target).
   */
  public Optional<Digest> tagTargetForUpdate(Connection c, long repositoryId, String tag) throws SQLException {
    return tagTarget(c, repositoryId, tag, " FOR UPDATE");
  }

  private static Optional<Digest> tagTarget(Connection c, long repositoryId, String tag, String sqlSuffix)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT digest FROM tag WHERE repository_id = ? AND name = ?"
        + sqlSuffix)) {
      s.setLong(1, repositoryId);
      s.setString(2, tag);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(Digest.parse(r.getString(1))) : Optional.empty();
      }
    }
  }

  /** Points the tag at {@code digest}; returns what it pointed at before, if anything. */
  public Optional<Digest> setTag(Connection c, long repositoryId, String tag, Digest digest, Instant now)
      throws SQLException {
    Optional<Digest> previous = tagTarget(c, repositoryId, tag);
    if (previous.isPresent()) {
      if (!previous.get().equals(digest)) {
        try (PreparedStatement s = c.prepareStatement(
            "UPDATE tag SET digest = ?, updated_at = ? WHERE repository_id = ? AND name = ?")) {
          s.setString(1, digest.toString());
          s.setObject(2, time(now));
          s.setLong(3, repositoryId);
          s.setString(4, tag);
          s.executeUpdate();
        }
      }
      return previous;
    }
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO tag (repository_id, name, sort_name, digest, updated_at) VALUES (?, ?, ?, ?, ?)")) {
      s.setLong(1, repositoryId);
      s.setString(2, tag);
      s.setString(3, tag.toLowerCase(Locale.ROOT));
      s.setString(4, digest.toString());
      s.setObject(5, time(now));
      s.executeUpdate();
    }
    return Optional.empty();
  }

  /** Removes a tag; returns what it pointed at, or empty when there was no such tag. */
  public Optional<Digest> deleteTag(Connection c, long repositoryId, String tag) throws SQLException {
    Optional<Digest> previous = tagTarget(c, repositoryId, tag);
    if (previous.isPresent()) {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM tag WHERE repository_id = ? AND name = ?")) {
        s.setLong(1, repositoryId);
        s.setString(2, tag);
        s.executeUpdate();
      }
    }
    return previous;
  }

  /** Tags in case-insensitive lexical order, after {@code last} (exclusive) when given. */
  public List<String> tags(Connection c, long repositoryId, String last, int limit) throws SQLException {
    String sql = last == null
        ? "SELECT name FROM tag WHERE repository_id = ? ORDER BY sort_name, name FETCH FIRST ? ROWS ONLY"
        : "SELECT name FROM tag WHERE repository_id = ? AND (sort_name > ? OR (sort_name = ? AND name > ?))"
            + " ORDER BY sort_name, name FETCH FIRST ? ROWS ONLY";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      int i = 1;
      s.setLong(i++, repositoryId);
      if (last != null) {
        String sortLast = last.toLowerCase(Locale.ROOT);
        s.setString(i++, sortLast);
        s.setString(i++, sortLast);
        s.setString(i++, last);
      }
      s.setInt(i, limit);
      return strings(s);
    }
  }

  public List<String> tagsOf(Connection c, long repositoryId, Digest digest) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT name FROM tag WHERE repository_id = ? AND digest = ? ORDER BY sort_name, name")) {
      s.setLong(1, repositoryId);
      s.setString(2, digest.toString());
      return strings(s);
    }
  }

  // ---- uploads

  public void insertUpload(Connection c, UploadRow upload) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO blob_upload (id, repository, size, started_at, updated_at) VALUES (?, ?, ?, ?, ?)")) {
      s.setString(1, upload.id());
      s.setString(2, upload.repository().value());
      s.setLong(3, upload.size());
      s.setObject(4, time(upload.startedAt()));
      s.setObject(5, time(upload.updatedAt()));
      s.executeUpdate();
    }
  }

  public Optional<UploadRow> upload(Connection c, String id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT id, repository, size, started_at, updated_at FROM blob_upload WHERE id = ?")) {
      s.setString(1, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(uploadRow(r)) : Optional.empty();
      }
    }
  }

  /** Records the upload's new size, only if it still has {@code expectedSize} (another writer may have moved it). */
  public boolean updateUploadSize(Connection c, String id, long expectedSize, long newSize, Instant now)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "UPDATE blob_upload SET size = ?, updated_at = ? WHERE id = ? AND size = ?")) {
      s.setLong(1, newSize);
      s.setObject(2, time(now));
      s.setString(3, id);
      s.setLong(4, expectedSize);
      return s.executeUpdate() > 0;
    }
  }

  public boolean deleteUpload(Connection c, String id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM blob_upload WHERE id = ?")) {
      s.setString(1, id);
      return s.executeUpdate() > 0;
    }
  }

  public List<UploadRow> uploadsUpdatedBefore(Connection c, Instant before) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT id, repository, size, started_at, updated_at FROM blob_upload WHERE updated_at < ? ORDER BY id")) {
      s.setObject(1, time(before));
      List<UploadRow> rows = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          rows.add(uploadRow(r));
        }
      }
      return rows;
    }
  }

  // ---- mapping

  private static ManifestRow manifestRow(ResultSet r, boolean withContent) throws SQLException {
    int i = 1;
    long repositoryId = r.getLong(i++);
    Digest digest = Digest.parse(r.getString(i++));
    String mediaType = r.getString(i++);
    String artifactType = r.getString(i++);
    String subject = r.getString(i++);
    long size = r.getLong(i++);
    byte[] content = withContent ? r.getBytes(i++) : null;
    String annotations = r.getString(i++);
    Instant pushedAt = r.getObject(i++, OffsetDateTime.class).toInstant();
    String pushedBy = r.getString(i++);
    String userAgent = r.getString(i);
    return new ManifestRow(repositoryId, digest, mediaType, artifactType,
        subject == null ? null : Digest.parse(subject), size, content, annotations, pushedAt, pushedBy, userAgent);
  }

  private static UploadRow uploadRow(ResultSet r) throws SQLException {
    return new UploadRow(r.getString(1), RepositoryName.parse(r.getString(2)), r.getLong(3),
        r.getObject(4, OffsetDateTime.class).toInstant(), r.getObject(5, OffsetDateTime.class).toInstant());
  }

  /** Runs {@code sqlPrefix}, which selects digest and size, for an IN list of {@code digests}. */
  private static Map<Digest, Long> sizes(Connection c, String sqlPrefix, String sqlSuffix, long repositoryId,
      Collection<Digest> digests) throws SQLException {
    Map<Digest, Long> found = new HashMap<>();
    // in one order for every caller, so that two transactions locking overlapping rows do not deadlock
    List<Digest> all = new HashSet<>(digests).stream().sorted(Comparator.comparing(Digest::toString)).toList();
    // Batches of IN lists keep statements small for manifests with thousands of layers.
    for (int from = 0; from < all.size(); from += 500) {
      List<Digest> batch = all.subList(from, Math.min(all.size(), from + 500));
      String sql = sqlPrefix + "(" + "?,".repeat(batch.size() - 1) + "?)" + sqlSuffix;
      try (PreparedStatement s = c.prepareStatement(sql)) {
        s.setLong(1, repositoryId);
        for (int i = 0; i < batch.size(); i++) {
          s.setString(i + 2, batch.get(i).toString());
        }
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            found.put(Digest.parse(r.getString(1)), r.getLong(2));
          }
        }
      }
    }
    return found;
  }

  private static List<String> strings(PreparedStatement s) throws SQLException {
    List<String> values = new ArrayList<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        values.add(r.getString(1));
      }
    }
    return values;
  }

  private static List<Digest> digests(PreparedStatement s) throws SQLException {
    return strings(s).stream().map(Digest::parse).toList();
  }

  private static OffsetDateTime time(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
