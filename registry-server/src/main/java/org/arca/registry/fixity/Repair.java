package org.arca.registry.fixity;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.arca.core.Digest;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.registry.config.ArcaConfiguration;
import org.arca.registry.metadata.Database;
import org.arca.registry.metadata.MetadataStore;
import org.arca.registry.storage.BlobStorage;
import org.arca.registry.storage.UploadStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a damaged or missing blob from another copy: the replica first, then the export bags (those under
 * {@code <data-dir>/exports} and in {@code arca.fixity.replica.bags}), whose payload holds each blob at
 * {@code data/blobs/<algorithm>/<hex>}. A copy is hashed while it is written into the primary store's uploads and
 * committed only when it matches; the damaged bytes are removed just before, since a commit keeps bytes already
 * stored under a digest. The restore is a fixity event ({@code repaired}); then {@link Release} re-hashes the blob
 * where it now lies and, when it passes, releases it.
 */
@Singleton
public class Repair {
  static final String AGENT = "arca repair";
  private static final Logger LOG = LoggerFactory.getLogger(Repair.class);

  private final Database database;
  private final MetadataStore metadata;
  private final BlobStorage primary;
  private final UploadStorage uploads;
  private final Quarantine quarantine;
  private final Release release;
  private final Replication replication;
  private final List<Path> bagRoots;

  public Repair(Database database, MetadataStore metadata, BlobStorage primary,
      UploadStorage uploads, Quarantine quarantine, Release release, @Nullable Replication replication,
      ReplicaConfiguration replica, ArcaConfiguration config) {
    this.database = database;
    this.metadata = metadata;
    this.primary = primary;
    this.uploads = uploads;
    this.quarantine = quarantine;
    this.release = release;
    this.replication = replication;
    this.bagRoots = new ArrayList<>(List.of(config.dataDir().resolve("exports")));
    this.bagRoots.addAll(replica.bags());
  }

  /** What a repair did: whether the blob is whole again, from which copy, and what was tried. */
  @Serdeable
  public record Result(String digest, boolean repaired, @Nullable String source, String detail) {}

  /** Whether a replica is configured, so that the scrub repairs what it finds. */
  boolean replicaConfigured() {
    return replication != null;
  }

  /** Repairs every quarantined blob. */
  public List<Result> repairQuarantined(String agent) throws IOException {
    List<Result> results = new ArrayList<>();
    for (FixityStore.Quarantined q : quarantine.all()) {
      results.add(repair(Digest.parse(q.digest()), agent));
    }
    return results;
  }

  /** Restores {@code digest} from the first copy that hashes to it. */
  public Result repair(Digest digest, String agent) throws IOException {
    OptionalLong size = database.read(c -> metadata.blobSize(c, digest));
    if (size.isEmpty()) {
      throw new RegistryException(OciError.BLOB_UNKNOWN, "repair blob " + digest + ": no such blob is recorded");
    }
    List<String> tried = new ArrayList<>();
    for (Source source : sources(digest)) {
      String id;
      try (InputStream in = source.open()) {
        id = BlobCopy.stage(in, uploads, digest, size.getAsLong(), "restore blob " + digest + " from "
            + source.name());
      } catch (NoSuchFileException e) {
        continue;
      } catch (BlobCopy.Mismatch e) {
        tried.add(e.getMessage());
        continue;
      }
      primary.delete(digest);
      uploads.commit(id, digest);
      quarantine.record(new Check(digest, Outcome.REPAIRED, "restored from " + source.name()
          + "; the copy hashed to the digest on the way in"), agent);
      Check check = release.verifyAndRelease(digest, agent);
      if (check.outcome().failed()) {
        tried.add("restored from " + source.name() + " but the stored bytes then failed: " + check.detail());
        continue;
      }
      LOG.info("repaired blob {} from {}", digest, source.name());
      return new Result(digest.toString(), true, source.name(), "restored from " + source.name()
          + ", re-hashed and released");
    }
    String detail = "repair blob " + digest + ": " + (tried.isEmpty()
        ? "no copy found in " + (replication == null ? "" : replication.replica().location() + " or ")
            + "the export bags" : String.join("; ", tried));
    LOG.warn(detail);
    return new Result(digest.toString(), false, null, detail);
  }

  /** A copy to restore from. */
  private interface Source {
    String name();

    InputStream open() throws IOException;
  }

  private List<Source> sources(Digest digest) throws IOException {
    List<Source> sources = new ArrayList<>();
    if (replication != null) {
      sources.add(new Source() {
        @Override
        public String name() {
          return replication.replica().location();
        }

        @Override
        public InputStream open() throws IOException {
          return replication.open(digest);
        }
      });
    }
    for (Path bag : bags()) {
      Path file = bag.resolve("data").resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
      if (Files.isRegularFile(file)) {
        sources.add(new Source() {
          @Override
          public String name() {
            return "bag " + bag;
          }

          @Override
          public InputStream open() throws IOException {
            return Files.newInputStream(file);
          }
        });
      }
    }
    return sources;
  }

  /** The known bags: each bag root given, and each bag directly inside a directory given. */
  List<Path> bags() throws IOException {
    List<Path> bags = new ArrayList<>();
    for (Path root : bagRoots) {
      if (Files.isRegularFile(root.resolve("bagit.txt"))) {
        bags.add(root);
      } else if (Files.isDirectory(root)) {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(root)) {
          for (Path child : children) {
            if (Files.isRegularFile(child.resolve("bagit.txt"))) {
              bags.add(child);
            }
          }
        }
      }
    }
    bags.sort(null);
    return bags;
  }
}
