package org.arca.registry.preservation;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.arca.core.Digest;
import org.arca.core.registry.PinnedContent;
import org.arca.core.registry.ReasonedPins;
import org.arca.core.registry.RegistryCatalog;
import org.arca.preservation.doi.DoiRecord;

/**
 * What DOIs pin, for garbage collection: each cited manifest, the child manifests of a cited index, and every config
 * and layer they reference. Computed from the DOI table on each call; garbage collection asks rarely and DOIs are few
 * compared with blobs.
 */
@Singleton
@Requires(property = "arca.preservation.enabled", notEquals = "false")
public class DoiPins extends ReasonedPins {
  private final JdbcDoiRecordStore dois;
  private final RegistryCatalog catalog;

  public DoiPins(JdbcDoiRecordStore dois, RegistryCatalog catalog) {
    this.dois = dois;
    this.catalog = catalog;
  }

  /** Every pinned digest with the DOI that pins it (the first one, when several do). */
  @Override
  protected Map<Digest, String> reasons() {
    Map<Digest, String> pinned = new LinkedHashMap<>();
    for (DoiRecord record : dois.allVersions()) {
      PinnedContent.pinWithReferences(catalog, record.repository(), record.digest(),
          "pinned by DOI " + record.doi() + " of " + record.repository() + "@" + record.digest(), pinned);
    }
    return pinned;
  }
}
