package org.arca.preservation.doi;

import org.arca.preservation.metadata.Doi;
import org.arca.preservation.metadata.DoiMetadata;

/**
 * Mints DOIs under a configured prefix without any external service: for a test instance, for an archive that has
 * no DataCite membership yet, or for an air-gapped site. It follows the DataCite life cycle so that curation works
 * the same, but every status it returns says plainly that the DOI is not registered and does not resolve at
 * doi.org. Registering such DOIs later with DataCite keeps their names, since the suffixes are derived the same way.
 */
public final class LocalDoiProvider implements DoiProvider {
  public static final String NAME = "local";
  private final String prefix;

  public LocalDoiProvider(String prefix) {
    this.prefix = new Doi(prefix, "x").prefix(); // validates
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String prefix() {
    return prefix;
  }

  @Override
  public DoiStatus createDraft(DoiMetadata metadata) {
    return status(doiOf(metadata), DoiState.DRAFT);
  }

  @Override
  public DoiStatus publish(DoiMetadata metadata) {
    return status(doiOf(metadata), DoiState.FINDABLE);
  }

  @Override
  public DoiStatus update(DoiMetadata metadata, DoiState current) {
    return status(doiOf(metadata), current);
  }

  @Override
  public DoiStatus hide(Doi doi) {
    return status(doi, DoiState.REGISTERED);
  }

  private Doi doiOf(DoiMetadata metadata) {
    Doi doi = metadata.doi();
    if (doi == null) {
      throw new IllegalArgumentException("a record to mint needs its DOI set");
    }
    if (!doi.prefix().equals(prefix)) {
      throw new DoiProviderException("mint " + doi + ": not under this registry's prefix " + prefix, 0,
          java.util.List.of());
    }
    return doi;
  }

  private DoiStatus status(Doi doi, DoiState state) {
    return new DoiStatus(doi, state, false, NAME, "A local DOI: this archive reserved " + doi + " under prefix "
        + prefix + " but it is not registered with any registration agency, so it does not resolve at"
        + " https://doi.org and is not a persistent identifier until it is registered (with DataCite, under the same"
        + " name). Cite its landing page here until then.");
  }
}
