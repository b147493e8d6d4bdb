/**
 * Minting DOIs for image versions and for each repository's concept (all versions): the provider interface with a
 * local provider and a DataCite REST API provider, the suffix scheme, and the service that drives a DOI through
 * draft, approval (findable) and withdrawal (hidden).
 *
 * @see <a href="https://support.datacite.org/docs/doi-states">DataCite DOI states</a>
 */
package org.arca.preservation.doi;
