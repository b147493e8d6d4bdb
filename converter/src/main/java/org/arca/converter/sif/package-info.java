/**
 * A writer of the Singularity Image Format, version "01", byte-compatible with sylabs/sif (which Apptainer's
 * apptainer/sif copies): a 128-byte global header, a table of 585-byte descriptors, then the data objects. Proven
 * against sylabs/sif's golden files.
 *
 * <p>See {@code /work/shared/specs/SIF-AND-SQUASHFS.md}, section "SIF".
 */
package org.arca.converter.sif;
