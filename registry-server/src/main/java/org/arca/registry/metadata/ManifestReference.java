package org.arca.registry.metadata;

import org.arca.core.Digest;

/** One thing a manifest references: a blob (config, layer) or, from an index, a child manifest. */
public record ManifestReference(Digest child, boolean childIsManifest) {}
