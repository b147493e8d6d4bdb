package org.arca.registry.preservation;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.arca.core.Digest;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.core.Reference;
import org.arca.core.RepositoryName;
import org.arca.core.Tag;
import org.arca.core.event.ImageFactsChanged;
import org.arca.core.registry.RegistryCatalog;
import org.arca.preservation.doi.DoiProviderException;
import org.arca.preservation.doi.DoiRecord;
import org.arca.preservation.doi.DoiService;
import org.arca.preservation.doi.DoiState;
import org.arca.preservation.metadata.Doi;
import org.arca.preservation.metadata.ImageFacts;
import org.arca.preservation.metadata.ImageFactsReader;
import org.arca.preservation.metadata.MetadataOverrides;
import org.arca.registry.audit.AuditLog;
import org.arca.registry.auth.Action;
import org.arca.registry.auth.Caller;
import org.arca.registry.auth.Gatekeeper;
import org.arca.registry.auth.Permissions;
import org.arca.registry.event.RegistryEvents;

/**
 * DOIs as people ask for them: the owner of an image (a caller who may push to its repository) requests one, a
 * curator approves or withdraws it, and anyone who may pull the repository reads it.
 *
 * <p>A DOI promises that anyone can get the image, so only images in public repositories get one, and a curator can
 * approve only while the repository is still public. If a repository is made private later, its DOIs' landing pages
 * answer 404 to outsiders like the rest of its content (they are not leaked), until it is public again.
 */
@Singleton
@Requires(property = "arca.preservation.enabled", notEquals = "false")
public class DoiRequests {
  private final DoiService dois;
  private final JdbcDoiRecordStore store;
  private final ImageFactsReader facts;
  private final RegistryCatalog catalog;
  private final Gatekeeper gatekeeper;
  private final Permissions permissions;
  private final AuditLog audit;
  private final RegistryEvents events;
  private final DoiWithdrawals withdrawals;
  private final Clock clock;

  public DoiRequests(DoiService dois, JdbcDoiRecordStore store, ImageFactsReader facts, RegistryCatalog catalog,
      Gatekeeper gatekeeper, Permissions permissions, AuditLog audit, RegistryEvents events,
      DoiWithdrawals withdrawals, Clock clock) {
    this.dois = dois;
    this.store = store;
    this.facts = facts;
    this.catalog = catalog;
    this.gatekeeper = gatekeeper;
    this.permissions = permissions;
    this.audit = audit;
    this.events = events;
    this.withdrawals = withdrawals;
    this.clock = clock;
  }

  /** A request's outcome: the DOI and whether this request minted it (rather than finding the image's DOI). */
  public record Minted(DoiRecord record, boolean created) {}

  /**
   * Mints the version DOI of {@code digest} for its owner, or returns the one it has. The DOI is minted for
   * {@code tag}, which must point at the digest, or when null for the image's first tag (if it has one); that tag is
   * then kept in place with the digest.
   */
  public Minted request(Caller caller, String address, RepositoryName repository, Digest digest, String tag,
      MetadataOverrides overrides, String realm) {
    if (!gatekeeper.may(caller, repository, Action.PUSH)) {
      if (caller.isAnonymous()) {
        throw gatekeeper.unauthorized("log in as the owner of " + repository + " to request a DOI", realm, null);
      }
      throw new RegistryException(OciError.DENIED, "request a DOI for " + repository + "@" + digest + ": only its"
          + " owner (an account that may push to " + repository + ") may");
    }
    if (catalog.manifest(repository, digest).isEmpty()) {
      throw new RegistryException(OciError.MANIFEST_UNKNOWN, "request a DOI for " + repository + "@" + digest
          + ": no such manifest");
    }
    Optional<DoiRecord> existing = store.forImage(repository, digest);
    if (existing.isPresent()) {
      return new Minted(existing.get(), false);
    }
    requirePublic(repository, "request a DOI for " + repository + "@" + digest);
    ImageFacts image = tag == null ? read(repository, digest) : readTagged(repository, digest, tag);
    DoiRecord record = provider(() -> dois.mint(image, overrides));
    audit.success(caller.name(), "doi.request", repository + "@" + digest, record.doi() + " " + record.state().value(),
        address);
    changed(record);
    return new Minted(record, true);
  }

  /** Publishes a draft (curators only): the DOI becomes findable. */
  public DoiRecord approve(Caller caller, String address, Doi doi) {
    requireCurator(caller, "approve " + doi);
    DoiRecord record = find(doi);
    if (record.kind() != DoiRecord.Kind.VERSION) {
      throw new RegistryException(OciError.UNSUPPORTED, "approve " + doi + ": a concept DOI is published with its"
          + " first approved version").withStatus(400);
    }
    requirePublic(record.repository(), "approve " + doi);
    DoiRecord approved = provider(() -> dois.approve(doi));
    audit.success(caller.name(), "doi.approve", record.repository() + "@" + record.digest(), doi.toString(), address);
    changed(approved);
    return approved;
  }

  /** Withdraws a DOI (curators only): its content is hidden, its landing page becomes a tombstone. */
  public DoiRecord withdraw(Caller caller, String address, Doi doi, String reason) {
    requireCurator(caller, "withdraw " + doi);
    if (reason == null || reason.isBlank()) {
      throw new RegistryException(OciError.UNSUPPORTED, "withdraw " + doi + ": give a reason; the tombstone page"
          + " shows it to everyone who follows the DOI").withStatus(400);
    }
    DoiRecord record = find(doi);
    DoiRecord withdrawn = provider(() -> dois.withdraw(doi, reason, caller.name()));
    withdrawals.refresh();
    audit.success(caller.name(), "doi.withdraw", record.repository() + "@" + record.digest(),
        doi + ": " + reason, address);
    changed(withdrawn);
    return withdrawn;
  }

  /** Re-drafts a DOI's metadata with the owner's corrections and sends it to the provider, keeping its state. */
  public DoiRecord updateMetadata(Caller caller, String address, Doi doi, MetadataOverrides overrides, String realm) {
    DoiRecord record = find(doi);
    if (!gatekeeper.may(caller, record.repository(), Action.PUSH) && !caller.isCurator()) {
      if (caller.isAnonymous()) {
        throw gatekeeper.unauthorized("log in as the owner of " + record.repository(), realm, null);
      }
      throw new RegistryException(OciError.DENIED, "update " + doi + ": only the owner of " + record.repository()
          + " or a curator may");
    }
    if (record.kind() != DoiRecord.Kind.VERSION) {
      throw new RegistryException(OciError.UNSUPPORTED, "update " + doi + ": a concept DOI follows its latest"
          + " approved version").withStatus(400);
    }
    // drafted again from the tag the DOI was minted for, as long as it still names the image
    Reference cited = record.tag() != null && catalog.tagsOf(record.repository(), record.digest())
        .contains(record.tag()) ? Tag.parse(record.tag()) : record.digest();
    DoiRecord updated = provider(() -> dois.updateMetadata(doi, read(record.repository(), cited),
        overrides));
    audit.success(caller.name(), "doi.update", record.repository() + "@" + record.digest(), doi.toString(), address);
    changed(updated);
    return updated;
  }

  /** A DOI for a caller who may read its repository; 404 for anyone else, as for private content. */
  public DoiRecord read(Caller caller, Doi doi) {
    Optional<DoiRecord> record = store.find(doi);
    if (record.isEmpty() || !gatekeeper.may(caller, record.get().repository(), Action.PULL)) {
      throw unknown(doi);
    }
    return record.get();
  }

  /** Version DOIs in a state, for curators (drafts waiting for approval, say). */
  public List<DoiRecord> list(Caller caller, DoiState state, int limit) {
    requireCurator(caller, "list DOIs");
    return store.list(state, Math.max(1, Math.min(limit, 1000)));
  }

  private DoiRecord find(Doi doi) {
    return store.find(doi).orElseThrow(() -> unknown(doi));
  }

  /** The facts of {@code digest} as {@code tag}, which must point at it (also after reading: a tag may move). */
  private ImageFacts readTagged(RepositoryName repository, Digest digest, String tag) {
    List<String> tags = catalog.tagsOf(repository, digest);
    ImageFacts image = tags.contains(tag) ? read(repository, Tag.parse(tag)) : null;
    if (image == null || !image.digest().equals(digest)) {
      throw MetadataRequests.invalid("request a DOI for " + repository + "@" + digest + ": \"tag\" does not point"
          + " at this image; its tags are " + tags);
    }
    return image;
  }

  private ImageFacts read(RepositoryName repository, Reference reference) {
    try {
      return facts.read(repository, reference);
    } catch (IOException e) {
      throw new UncheckedIOException("read " + repository + ":" + reference, e);
    }
  }

  private void requirePublic(RepositoryName repository, String action) {
    if (!permissions.allowed(Caller.ANONYMOUS, repository).contains(Action.PULL)) {
      throw new RegistryException(OciError.DENIED, action + ": " + repository + " is private, and a DOI promises"
          + " that anyone can get the image; make the repository public first");
    }
  }

  private static void requireCurator(Caller caller, String action) {
    if (!caller.isCurator()) {
      throw new RegistryException(OciError.DENIED, action + ": only a curator may do this");
    }
  }

  private void changed(DoiRecord record) {
    if (record.digest() != null) {
      events.publish(new ImageFactsChanged(record.repository(), record.digest(), "doi", clock.instant()));
    }
  }

  static RegistryException unknown(Doi doi) {
    return new RegistryException(OciError.MANIFEST_UNKNOWN, "DOI " + doi + " is unknown here");
  }

  /** Runs a step of the engine, answering its refusals and the provider's failures as registry errors. */
  private static DoiRecord provider(java.util.function.Supplier<DoiRecord> step) {
    try {
      return step.get();
    } catch (DoiProviderException e) {
      int status = e.status() >= 400 && e.status() < 500 ? 400 : 502;
      throw new RegistryException(OciError.UNSUPPORTED, "the DOI provider refused or failed: " + e.getMessage())
          .withStatus(status);
    } catch (IllegalStateException e) {
      throw new RegistryException(OciError.DENIED, e.getMessage()).withStatus(409);
    } catch (IllegalArgumentException e) {
      throw new RegistryException(OciError.UNSUPPORTED, e.getMessage()).withStatus(400);
    }
  }
}
