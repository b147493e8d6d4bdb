package org.arca.preservation.doi;

import org.arca.preservation.metadata.Doi;
import org.arca.preservation.metadata.DoiMetadata;

/**
 * Registers DOIs with a registration agency (or, for {@code local}, with none). The caller chooses the DOI (see
 * {@link DoiSuffixes}) so that the same image always asks for the same name; the provider takes it through the
 * DataCite life cycle. Metadata always carries its DOI ({@link DoiMetadata#doi()}) and its landing page URL.
 */
public interface DoiProvider {

  /** {@code local} or {@code datacite}, as configured in {@code arca.preservation.doi.provider}. */
  String name();

  /** The prefix DOIs are minted under. */
  String prefix();

  /** Creates the DOI as a draft with its metadata. */
  DoiStatus createDraft(DoiMetadata metadata);

  /** Makes the DOI findable, sending the metadata along (it may have changed since the draft). */
  DoiStatus publish(DoiMetadata metadata);

  /** Replaces the metadata, leaving the state as it is ({@code current}). */
  DoiStatus update(DoiMetadata metadata, DoiState current);

  /** Withdraws a findable DOI from search: it keeps resolving (registered), as DOIs must. */
  DoiStatus hide(Doi doi);
}
