package org.arca.preservation.citation;

import org.arca.preservation.metadata.DoiMetadata;

/** Writes a record in one citation format. */
interface CitationWriter {

  byte[] write(DoiMetadata metadata);
}
