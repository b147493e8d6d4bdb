package org.arca.registry;

import io.micronaut.runtime.Micronaut;
import org.arca.registry.cli.Cli;

/**
 * Starts Arca, or runs a management command when the first argument names one
 * ({@code java -jar arca.jar user add alice}).
 */
public final class Application {
  private Application() {}

  public static void main(String[] args) {
    if (args.length > 0 && Cli.handles(args[0])) {
      System.exit(Cli.run(args));
    }
    Micronaut.run(Application.class, args);
  }
}
