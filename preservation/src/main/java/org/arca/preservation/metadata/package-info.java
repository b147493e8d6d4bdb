/**
 * The DataCite Metadata Schema 4.6 model of an image (or of a repository's concept record) and the builder that
 * drafts it from what the registry knows.
 *
 * @see <a href="https://schema.datacite.org/meta/kernel-4.6/">DataCite Metadata Schema 4.6</a>
 */
package org.arca.preservation.metadata;
