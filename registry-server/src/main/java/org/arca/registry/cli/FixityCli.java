package org.arca.registry.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.arca.registry.fixity.FixityCommands;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code arca fixity}: repair from the replica or export bags, the copies of each DOI, and the replica's catch-up. */
@Command(name = "fixity", description = "Copies of the stored blobs: repair, report, replicate",
    subcommands = {FixityCli.Repair.class, FixityCli.Dois.class, FixityCli.Replicate.class})
final class FixityCli {
  private FixityCli() {}

  @Command(name = "repair", description = {"Restore a damaged or missing blob, or without DIGEST every quarantined"
      + " one, from the replica or an export bag; the copy is verified, and the blob re-hashed and released",
      "Exit status 0 when every blob was repaired, 1 otherwise."})
  static final class Repair implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Parameters(index = "0", arity = "0..1", description = "the blob's digest, sha256:...") String digest;

    @Override
    public Integer call() throws IOException {
      return FixityCommands.repair(Cli.context(), digest, Cli.out(spec));
    }
  }

  @Command(name = "dois", description = "For every DOI of an image: its copies (primary, replica, export bags),"
      + " which are verified, and when the least recently checked blob of each was checked")
  static final class Dois implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Option(names = "--json", description = "print the report as JSON") boolean json;

    @Override
    public Integer call() throws IOException {
      return FixityCommands.dois(Cli.context(), json, Cli.out(spec));
    }
  }

  @Command(name = "replicate", description = "Copy to the replica every blob that must have a copy and has none")
  static final class Replicate implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      return FixityCommands.replicate(Cli.context(), Cli.out(spec));
    }
  }
}
