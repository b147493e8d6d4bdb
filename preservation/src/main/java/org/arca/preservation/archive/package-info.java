/**
 * Archival export and import: a set of images with their tags, referrers (SIFs, provenance, recipes), DOIs and
 * provenance records as a BagIt bag (RFC 8493) whose payload is an OCI image layout with DataCite XML, an RO-Crate
 * 1.2 description and Arca's own {@code arca-export.json}; and the verified import of such a bag into a registry.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8493">RFC 8493 BagIt</a>
 * @see <a href="https://github.com/opencontainers/image-spec/blob/v1.1.1/image-layout.md">OCI image layout</a>
 * @see <a href="https://www.researchobject.org/ro-crate/specification/1.2/">RO-Crate 1.2</a>
 */
package org.arca.preservation.archive;
