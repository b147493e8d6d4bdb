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
      int status = 1;
      try {
        status = Cli.run(args);
      } catch (Throwable e) {
        System.err.println("error: " + e);
      } finally {
        // a command ends here whatever it left behind: a thread that is not a daemon must not keep the JVM alive
        System.exit(status);
      }
    }
    Micronaut.run(Application.class, args);
  }
}
