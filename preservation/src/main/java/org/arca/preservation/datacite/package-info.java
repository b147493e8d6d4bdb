/**
 * DataCite's own serialisations of a record: the XML of Metadata Schema 4.6 and the JSON attributes of the DataCite
 * REST API.
 *
 * @see <a href="https://schema.datacite.org/meta/kernel-4.6/">DataCite Metadata Schema 4.6</a>
 * @see <a href="https://support.datacite.org/docs/api-create-dois">DataCite REST API: create DOIs</a>
 */
package org.arca.preservation.datacite;
