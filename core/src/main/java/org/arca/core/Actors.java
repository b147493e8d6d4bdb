package org.arca.core;

/**
 * Names under which Arca's own features write to the registry (the pusher recorded with a manifest, as
 * {@code RegistryWriter} takes it). Features and the server compare pushers with these names, so they are defined once;
 * no account may take one of them.
 */
public final class Actors {
  /** The converter, which pushes the SIFs it makes. */
  public static final String CONVERTER = "arca-converter";
  /** Preservation, which pushes the derivation statements it writes about the SIFs the converter made. */
  public static final String PRESERVATION = "arca-preservation";
  /** Vetting, which pushes the signed attestation of each decision as a referrer of the image (listed as one). */
  public static final String VETTING = "arca-vetting";

  private Actors() {}

  /**
   * Whether a manifest pushed by {@code pusher} is one Arca derived from other content, rather than one a client
   * pushed. Derived manifests are listed in the derived namespace ({@code sif/}), not among a repository's referrers,
   * and are deleted with their subject. An import ({@code arca-import}) keeps no record of who first pushed what, so
   * what it restores counts as pushed.
   */
  public static boolean derivesContent(String pusher) {
    return CONVERTER.equals(pusher) || PRESERVATION.equals(pusher);
  }
}
