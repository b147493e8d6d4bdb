package org.arca.registry.manifest;

import org.arca.core.Digest;

/** A manifest chosen to answer a GET or HEAD: its digest, media type and exact bytes. */
public record ServedManifest(Digest digest, String mediaType, byte[] content) {}
