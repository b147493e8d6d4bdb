package org.arca.converter.sif;

import java.util.Map;
import java.util.Optional;

/**
 * SIF's architecture codes, two ASCII digits, keyed by the Go architecture names that OCI image configs use
 * ({@code amd64}, {@code arm64}, ...).
 */
public final class SifArch {
  /** The code of a SIF without a primary partition. */
  public static final String UNKNOWN = "00";

  private static final Map<String, String> CODES = Map.ofEntries(
      Map.entry("386", "01"),
      Map.entry("amd64", "02"),
      Map.entry("arm", "03"),
      Map.entry("arm64", "04"),
      Map.entry("ppc64", "05"),
      Map.entry("ppc64le", "06"),
      Map.entry("mips", "07"),
      Map.entry("mipsle", "08"),
      Map.entry("mips64", "09"),
      Map.entry("mips64le", "10"),
      Map.entry("s390x", "11"),
      Map.entry("riscv64", "12"));

  private SifArch() {}

  /** The code of a Go/OCI architecture name, or empty when SIF has none for it. */
  public static Optional<String> code(String architecture) {
    return Optional.ofNullable(architecture == null ? null : CODES.get(architecture));
  }
}
