package org.arca.core;

/**
 * Names under which Arca's own features write to the registry (the pusher recorded with a manifest, as
 * {@code RegistryWriter} takes it). Features and the server compare pushers with these names, so they are defined once;
 * no account may take one of them.
 */
public final class Actors {
  /** The converter, which pushes the SIFs it makes. */
  public static final String CONVERTER = "arca-converter";

  private Actors() {}
}
