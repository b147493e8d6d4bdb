package org.arca.registry.quota;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.core.image.Manifest;
import org.arca.core.registry.ChangeGuard;
import org.arca.registry.metadata.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quotas per namespace (a user's or organisation's name, the first component of its repositories), with a warning
 * and a reject threshold as Quay has them. Usage is charged when a manifest commits: a manifest put that would take
 * the namespace over its reject threshold is refused with {@code DENIED}, and the blobs it uploaded stay unreferenced
 * until garbage collection takes them after the grace period. Content pinned by a DOI counts like any other: it
 * occupies the archive's storage, and an admin raises the quota when a namespace's citations need room.
 */
@Singleton
public class NamespaceQuotas implements ChangeGuard {
  private static final Logger LOG = LoggerFactory.getLogger(NamespaceQuotas.class);

  private final Database database;
  private final QuotaStore store;
  private final Clock clock;

  NamespaceQuotas(Database database, QuotaStore store, Clock clock) {
    this.database = database;
    this.store = store;
    this.clock = clock;
  }

  /** The namespace's quota (if any) and usage. */
  public QuotaView view(String namespace) {
    String name = checked(namespace);
    return database.read(c -> {
      Optional<QuotaStore.Limits> limits = store.limits(c, name);
      QuotaStore.Usage usage = store.usage(c, name);
      Long warning = limits.map(QuotaStore.Limits::warningBytes).orElse(null);
      Long reject = limits.map(QuotaStore.Limits::rejectBytes).orElse(null);
      String state = limits.isEmpty() ? "none"
          : reject != null && usage.totalBytes() >= reject ? "full"
          : warning != null && usage.totalBytes() >= warning ? "warning" : "ok";
      return new QuotaView(name, warning, reject, usage.totalBytes(), usage.totalBytes() - usage.sharedBytes(),
          usage.sharedBytes(), state);
    });
  }

  /** Sets the thresholds (either may be null: no warning, or no limit), as {@code by}. */
  public QuotaView set(String namespace, Long warningBytes, Long rejectBytes, String by) {
    String name = checked(namespace);
    if (warningBytes == null && rejectBytes == null) {
      throw invalid("set the quota of " + name + ": give warningBytes, rejectBytes or both");
    }
    if ((warningBytes != null && warningBytes < 0) || (rejectBytes != null && rejectBytes < 0)) {
      throw invalid("set the quota of " + name + ": thresholds are byte counts, 0 or more");
    }
    if (warningBytes != null && rejectBytes != null && warningBytes > rejectBytes) {
      throw invalid("set the quota of " + name + ": the warning threshold (" + warningBytes + " bytes) is above the"
          + " reject threshold (" + rejectBytes + " bytes)");
    }
    database.write(c -> {
      store.setLimits(c, new QuotaStore.Limits(name, warningBytes, rejectBytes, by, clock.instant()));
      return null;
    });
    return view(name);
  }

  /** Removes the namespace's quota; false when it had none. */
  public boolean remove(String namespace) {
    String name = checked(namespace);
    return database.write(c -> store.remove(c, name));
  }

  @Override
  public void beforeManifestPut(RepositoryName repository, Digest digest, Manifest manifest) {
    String namespace = namespaceOf(repository);
    List<Digest> blobs = manifest.isIndex() ? List.of() : manifest.referencesByField().values().stream()
        .filter(d -> !MediaTypes.isNonDistributable(d.mediaType()))
        .map(Descriptor::digest)
        .toList();
    record Check(QuotaStore.Limits limits, QuotaStore.Usage usage, long added) {}
    Optional<Check> check = database.read(c -> {
      Optional<QuotaStore.Limits> limits = store.limits(c, namespace);
      if (limits.isEmpty()) {
        return Optional.empty(); // no quota: no usage query on the push path
      }
      return Optional.of(new Check(limits.get(), store.usage(c, namespace), store.added(c, namespace, blobs)));
    });
    if (check.isEmpty() || check.get().added() == 0) {
      return;
    }
    long used = check.get().usage().totalBytes();
    long added = check.get().added();
    Long reject = check.get().limits().rejectBytes();
    if (reject != null && used + added > reject) {
      throw new RegistryException(OciError.DENIED, "quota of " + namespace + ": " + amount(used, reject) + " used;"
          + " this image adds " + bytes(added) + ". Delete images in " + namespace + " or ask an admin for more"
          + " room; the uploaded blobs are removed by garbage collection");
    }
    Long warning = check.get().limits().warningBytes();
    if (warning != null && used + added > warning) {
      LOG.warn("quota of {}: {} used after {} in {}, over the warning threshold of {}", namespace,
          bytes(used + added), digest, repository, bytes(warning));
    }
  }

  static String namespaceOf(RepositoryName repository) {
    String name = repository.value();
    int slash = name.indexOf('/');
    return slash < 0 ? name : name.substring(0, slash);
  }

  /** "9.8 of 10 GiB": both in the unit of the limit. */
  static String amount(long used, long limit) {
    String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
    int unit = 0;
    double scale = 1;
    while (unit < units.length - 1 && limit >= scale * 1024) {
      scale *= 1024;
      unit++;
    }
    return number(used / scale) + " of " + number(limit / scale) + " " + units[unit];
  }

  /** "1.2 GiB", "512 bytes". */
  static String bytes(long count) {
    String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
    int unit = 0;
    double value = count;
    while (unit < units.length - 1 && value >= 1024) {
      value /= 1024;
      unit++;
    }
    return number(value) + " " + units[unit];
  }

  private static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
  }

  private static String checked(String namespace) {
    if (namespace == null || !namespace.matches("[a-z0-9]+(?:[._-][a-z0-9]+)*") || namespace.length() > 64) {
      throw invalid("'" + namespace + "' is not a namespace: a user's or organisation's name, lower-case letters,"
          + " digits and . _ - between them");
    }
    return namespace;
  }

  private static RegistryException invalid(String message) {
    return new RegistryException(OciError.UNSUPPORTED, message).withStatus(400);
  }
}
