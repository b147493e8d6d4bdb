/**
 * The flattened root filesystem an image converts to: directory entries ({@link org.arca.converter.tree.Node}) that
 * name inodes ({@link org.arca.converter.tree.Inode}), with file contents referenced, never held.
 *
 * <p>Names are byte strings: each {@code char} of a name is one byte of the name as the tar layer spelled it
 * (ISO-8859-1 decoding). Names that are not UTF-8 therefore survive unchanged, and {@link java.lang.String#compareTo}
 * orders them byte-wise, which is the order squashfs requires.
 */
package org.arca.converter.tree;
