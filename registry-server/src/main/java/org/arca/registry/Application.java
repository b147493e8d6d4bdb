package org.arca.registry;

import io.micronaut.runtime.Micronaut;
import org.arca.registry.cli.Cli;
import org.slf4j.LoggerFactory;

/**
 * Starts Arca, or runs a management command when the first argument names one
 * ({@code java -jar arca.jar user add alice}).
 */
public final class Application {
  /**
   * Netty's ceiling for its direct buffers, which live outside the heap. Netty's own default is the heap's maximum
   * (256 MiB more with {@code -Xmx256m}); under the soak of docs/benchmarks.md they never passed 9 MiB (NMT's "Other"),
   * and {@code LargeBlobStreamingIT} pushes and pulls 2 GiB within 64 MiB, so 64 MiB bounds them with room to spare.
   */
  static final long NETTY_DIRECT_MEMORY_BYTES = 64L << 20;

  private Application() {}

  public static void main(String[] args) {
    if (args.length > 0 && Cli.handles(args[0])) {
      int status = 1;
      try {
        status = Cli.run(args);
      } catch (Throwable e) {
        // a command's own errors are printed by picocli; this is what escaped it, with the detail for the operator
        LoggerFactory.getLogger(Application.class).error("the command failed", e);
      } finally {
        // a command ends here whatever it left behind: a thread that is not a daemon must not keep the JVM alive
        System.exit(status);
      }
    }
    boundNativeMemory();
    Micronaut.run(Application.class, args);
  }

  /**
   * Sets the native memory bounds that are system properties, unless the command line set them. Netty reads its
   * properties once, when its classes load: that is after main() starts and before the server does, so this is the one
   * place in the code that can set them. The bounds a JVM takes only as options (garbage collector, heap sizing,
   * glibc's malloc arenas) are in the launcher, {@code registry-server/bin/arca}.
   */
  static void boundNativeMemory() {
    if (System.getProperty("io.netty.maxDirectMemory") == null) {
      System.setProperty("io.netty.maxDirectMemory", Long.toString(NETTY_DIRECT_MEMORY_BYTES));
    }
  }
}
