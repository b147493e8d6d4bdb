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
    if (args.length > 0 && args[0].equals("load-recipes")) {
      // talks to a running Arca over HTTP, so it needs no application context
      System.exit(org.arca.search.SearchCommands.loadRecipes(java.util.Arrays.copyOfRange(args, 1, args.length)));
    }
    if (args.length > 0 && Cli.handles(args[0])) {
      System.exit(Cli.run(args));
    }
    Micronaut.run(Application.class, args);
  }
}
