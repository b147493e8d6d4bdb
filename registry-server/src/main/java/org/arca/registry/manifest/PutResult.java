package org.arca.registry.manifest;

import org.arca.core.Digest;

/** The outcome of a manifest PUT: its digest, and its subject when it has one (answered as {@code OCI-Subject}). */
public record PutResult(Digest digest, Digest subject) {}
