/** Preservation: provenance, DOIs, citations and archival export/import of research container images. */
package org.arca.preservation;
