/**
 * Citation formats of a record: CSL-JSON, BibTeX, RIS, schema.org JSON-LD, CITATION.cff and formatted
 * bibliographies (citeproc-java with the official CSL styles), beside DataCite's own XML and JSON. Each format is a
 * small writer; {@link org.arca.preservation.citation.Citations} picks one by media type, as DOI content negotiation
 * does.
 *
 * @see <a href="https://support.datacite.org/docs/datacite-content-resolver">DataCite content negotiation</a>
 */
package org.arca.preservation.citation;
