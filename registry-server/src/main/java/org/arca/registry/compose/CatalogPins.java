package org.arca.registry.compose;

import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.arca.core.Digest;
import org.arca.core.registry.PinnedContent;
import org.arca.core.registry.ReasonedPins;
import org.arca.core.registry.RegistryCatalog;
import org.arca.registry.compose.ComposeStore.Base;
import org.arca.registry.compose.ComposeStore.Block;

/**
 * The bases and building blocks of the composition catalog are the inputs of every composition, those made and those
 * a composed-on-pull name will make: retention lists them as protected and never removes them, and garbage collection
 * keeps their manifests and blobs, for as long as they are in the catalog.
 */
@Singleton
class CatalogPins extends ReasonedPins {
  private final BlockCatalog blocks;
  private final RegistryCatalog catalog;

  CatalogPins(BlockCatalog blocks, RegistryCatalog catalog) {
    this.blocks = blocks;
    this.catalog = catalog;
  }

  /** Read on each call: the catalog is curated and small, and retention and garbage collection ask rarely. */
  @Override
  protected Map<Digest, String> reasons() {
    Map<Digest, String> pinned = new LinkedHashMap<>();
    for (Base base : blocks.bases()) {
      PinnedContent.pinWithReferences(catalog, base.repository(), base.digest(),
          "base '" + base.alias() + "' of the composition catalog", pinned);
    }
    for (Block block : blocks.blocks()) {
      PinnedContent.pinWithReferences(catalog, block.repository(), block.digest(),
          "building block '" + block.alias() + "' of the composition catalog", pinned);
    }
    return pinned;
  }
}
