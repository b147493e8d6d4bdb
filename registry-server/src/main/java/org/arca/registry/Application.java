package org.arca.registry;

import io.micronaut.runtime.Micronaut;

/** Starts Arca. */
public final class Application {
  private Application() {}

  public static void main(String[] args) {
    Micronaut.run(Application.class, args);
  }
}
