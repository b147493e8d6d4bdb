package org.arca.converter.sif;

/** Data object types of SIF descriptors. */
public enum SifDataType {
  DEFFILE(0x4001),
  ENV_VAR(0x4002),
  LABELS(0x4003),
  PARTITION(0x4004),
  SIGNATURE(0x4005),
  GENERIC_JSON(0x4006),
  GENERIC(0x4007),
  CRYPTO_MESSAGE(0x4008),
  SBOM(0x4009),
  OCI_ROOT_INDEX(0x400A),
  OCI_BLOB(0x400B);

  private final int code;

  SifDataType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
