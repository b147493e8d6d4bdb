/**
 * What Apptainer adds to an image it builds from {@code docker://}: the definition file, labels, the inspect metadata
 * and OCI config objects of the SIF, and the {@code /.singularity.d} skeleton in the root filesystem (action
 * scripts, environment scripts, the runscript from ENTRYPOINT and CMD). The scripts are Arca's own; they keep the
 * interface Apptainer's runtime relies on (file names, variables such as {@code SING_USER_DEFINED_PATH}).
 *
 * <p>See {@code /work/shared/specs/SIF-AND-SQUASHFS.md}, "What Apptainer puts in a SIF built from docker://".
 */
package org.arca.converter.apptainer;
