package org.arca.core;

/** Annotation and label keys that Arca writes in one module and reads in another. */
public final class AnnotationKeys {
  /**
   * The converter's version: an annotation on each SIF manifest the converter pushes (what a later converter version
   * checks before converting again, and what provenance records), and a label in the SIF's Apptainer metadata.
   */
  public static final String CONVERTER_VERSION = "org.arca.converter.version";

  private AnnotationKeys() {}
}
