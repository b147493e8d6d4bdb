/**
 * The preservation feature inside the server: the DOI and provenance tables behind the engine's stores, the guards
 * that keep cited content immutable, the DOI, provenance and export APIs, DOI landing pages with citation content
 * negotiation, the record of Arca's own derivations (SIFs), archival import, and search's has-DOI flag.
 */
package org.arca.registry.preservation;
