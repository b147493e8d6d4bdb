package org.arca.search.image;

/** Documentation found in an image (a README, a licence, a Debian copyright file), as text Tika extracted. */
public record FoundDocument(String path, String mediaType, String text) {}
