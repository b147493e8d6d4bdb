package org.arca.registry.fixity;

import org.arca.core.Digest;

/** What one fixity check of {@code digest} found; {@code detail} says it in words, with the numbers. */
public record Check(Digest digest, Outcome outcome, String detail) {}
