package org.arca.preservation.provenance;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import org.arca.core.registry.AccountProfiles;
import org.arca.core.registry.BlobStore;
import org.arca.core.registry.RegistryCatalog;
import org.arca.preservation.attestation.ImageAttestations;
import org.arca.preservation.metadata.ImageFactsReader;

/**
 * Wires provenance recording once the server provides the registry ports ({@link RegistryCatalog},
 * {@link BlobStore}) and a {@link ProvenanceStore}.
 */
@Factory
@Requires(property = "arca.preservation.enabled", notEquals = "false")
@Requires(beans = {RegistryCatalog.class, BlobStore.class})
public class ProvenanceBeans {

  @Singleton
  ImageFactsReader imageFactsReader(RegistryCatalog catalog, BlobStore blobs, Optional<AccountProfiles> accounts) {
    return accounts.map(a -> new ImageFactsReader(catalog, blobs, a))
        .orElseGet(() -> new ImageFactsReader(catalog, blobs));
  }

  @Singleton
  ImageAttestations imageAttestations(RegistryCatalog catalog, BlobStore blobs) {
    return new ImageAttestations(catalog, blobs);
  }

  @Singleton
  @Requires(beans = ProvenanceStore.class)
  ProvenanceRecorder provenanceRecorder(RegistryCatalog catalog, ImageFactsReader facts, ImageAttestations found,
      ProvenanceStore store) {
    return new ProvenanceRecorder(catalog, facts, found, store, Clock.systemUTC());
  }

  @Singleton
  @Requires(beans = ProvenanceStore.class)
  ProvenanceGraph provenanceGraph(ProvenanceStore store) {
    return new ProvenanceGraph(store);
  }
}
