package org.arca.registry.preservation;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.arca.core.Digest;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.core.registry.RegistryCatalog;
import org.arca.preservation.citation.CitationFormat;
import org.arca.preservation.doi.DoiRecord;
import org.arca.preservation.metadata.Doi;
import org.arca.preservation.metadata.DoiMetadata;
import org.arca.preservation.metadata.DraftMetadataBuilder;
import org.arca.preservation.metadata.ImageFactsReader;
import org.arca.preservation.metadata.MetadataOverrides;
import org.arca.registry.auth.Action;
import org.arca.registry.auth.Caller;
import org.arca.registry.auth.Gatekeeper;

/**
 * What a landing page or citation is about: a DOI, or an image cited by digest. An image that has a DOI is cited by its
 * DOI's record in every format, whichever URL is asked; one without a DOI by the record Arca drafts from its labels,
 * identified by its {@code /cite/} URL. A DOI that is not registered (the {@code local} provider's, or a draft) is
 * cited by its landing page here rather than by a doi.org link that leads nowhere. Only callers who may pull the
 * repository see either; everyone else gets the 404 that private content gets.
 */
@Singleton
@Requires(property = "arca.preservation.enabled", notEquals = "false")
class CitedContent {
  private final JdbcDoiRecordStore dois;
  private final RegistryCatalog catalog;
  private final ImageFactsReader facts;
  private final DraftMetadataBuilder builder;
  private final Gatekeeper gatekeeper;

  /**
   * A resolved citation target.
   *
   * @param record the DOI, or null for an image without one
   * @param digest the image, or null for a concept DOI
   */
  record Cited(RepositoryName repository, Digest digest, DoiRecord record, DoiMetadata metadata) {
    boolean withdrawn() {
      return record != null && record.isWithdrawn();
    }

    /**
     * The record to render in {@code format}: DataCite's own formats are the DOI's record as it stands (or will stand,
     * once registered); every citation format cites {@link #metadata()}, which names a DOI only once it resolves.
     */
    DoiMetadata metadataFor(CitationFormat format) {
      boolean dataCite = format == CitationFormat.DATACITE_XML || format == CitationFormat.DATACITE_JSON;
      return dataCite && record != null ? record.metadata() : metadata;
    }
  }

  CitedContent(JdbcDoiRecordStore dois, RegistryCatalog catalog, ImageFactsReader facts,
      DraftMetadataBuilder builder, Gatekeeper gatekeeper) {
    this.dois = dois;
    this.catalog = catalog;
    this.facts = facts;
    this.builder = builder;
    this.gatekeeper = gatekeeper;
  }

  Cited doi(Caller caller, Doi doi) {
    DoiRecord record = dois.find(doi).orElseThrow(() -> DoiRequests.unknown(doi));
    if (!gatekeeper.may(caller, record.repository(), Action.PULL)) {
      throw DoiRequests.unknown(doi);
    }
    return new Cited(record.repository(), record.digest(), record, record.citable());
  }

  Cited image(Caller caller, RepositoryName repository, Digest digest) {
    if (!gatekeeper.may(caller, repository, Action.PULL) || catalog.manifest(repository, digest).isEmpty()) {
      throw new RegistryException(OciError.MANIFEST_UNKNOWN, "manifest " + digest + " is not in " + repository);
    }
    Optional<DoiRecord> record = dois.forImage(repository, digest);
    if (record.isPresent()) {
      return new Cited(repository, digest, record.get(), record.get().citable());
    }
    try {
      return new Cited(repository, digest, null,
          builder.draft(facts.read(repository, digest), MetadataOverrides.NONE));
    } catch (IOException e) {
      throw new UncheckedIOException("describe " + repository + "@" + digest, e);
    }
  }
}
