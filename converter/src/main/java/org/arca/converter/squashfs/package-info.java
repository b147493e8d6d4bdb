/**
 * A squashfs 4.0 writer in pure Java: data blocks compressed in parallel but written in a fixed order, tail ends
 * packed into fragments, duplicate files stored once, and the metadata tables in the order unsquashfs and the Linux
 * kernel read them. Positions are relative to the start of the filesystem, which may sit at any offset of the output
 * file (Arca writes it straight into its place in a SIF).
 *
 * <p>See {@code /work/shared/specs/SIF-AND-SQUASHFS.md}, section "squashfs 4.0", and squashfs-tools'
 * {@code squashfs_fs.h} for the on-disk structures.
 */
package org.arca.converter.squashfs;
