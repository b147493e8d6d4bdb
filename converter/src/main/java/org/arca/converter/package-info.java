/**
 * The conversion engine: OCI image to squashfs to SIF, in pure Java. {@link org.arca.converter.SifConverter} is the
 * entry point; a {@link org.arca.converter.ConversionSource} supplies the image (from blob storage, or an OCI image
 * layout on disk with {@link org.arca.converter.OciLayoutSource}).
 *
 * <p>See {@code docs/sif-format.md} for what a converted SIF holds and what is guaranteed about it.
 */
package org.arca.converter;
