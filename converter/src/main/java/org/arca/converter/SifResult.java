package org.arca.converter;

import org.arca.core.Digest;

/**
 * A written SIF: the digest and size of the whole file, the image architecture (Go/OCI name, e.g. {@code amd64})
 * and the size of its squashfs partition.
 */
public record SifResult(Digest digest, long size, String architecture, long squashfsSize) {}
