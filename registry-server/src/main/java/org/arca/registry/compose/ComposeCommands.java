package org.arca.registry.compose;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.arca.core.Reference;
import org.arca.core.RepositoryName;
import org.arca.registry.cli.Cli;
import org.arca.registry.compose.ComposeStore.Base;
import org.arca.registry.compose.ComposeStore.Block;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code arca blocks ...}: the catalog of building blocks and bases from the command line, on the same database as
 * the server (as {@code /api/v1/blocks} and {@code /api/v1/bases}, acting as the operator).
 */
@Command(name = "blocks", mixinStandardHelpOptions = true,
    description = "Building blocks and bases for compositions: list, show, register",
    subcommands = {ComposeCommands.ListBlocks.class, ComposeCommands.Show.class, ComposeCommands.Register.class,
        ComposeCommands.Bases.class, ComposeCommands.RegisterBase.class})
public final class ComposeCommands {
  private static final String OPERATOR = "cli:" + System.getProperty("user.name", "operator");

  private ComposeCommands() {}

  private static BlockCatalog catalog() {
    return Cli.context().getBean(BlockCatalog.class);
  }

  private static PrintWriter out(CommandLine.Model.CommandSpec spec) {
    return spec.commandLine().getOut();
  }

  private static String line(Block block, BlockCatalog catalog) {
    return block.alias() + "\t" + block.repository() + ":" + block.version() + "\t" + block.digest() + "\tbase "
        + catalog.bases().stream().filter(b -> b.digest().equals(block.baseDigest())).map(Base::alias).findFirst()
            .orElse(block.baseDigest().toString())
        + "\t" + (catalog.vetted(block.digest()) ? "vetted" : "not vetted");
  }

  private static String line(Base base) {
    return base.alias() + "\t" + base.repository() + "\t" + base.digest() + "\tfamily " + base.family();
  }

  @Command(name = "list", description = "Every block: alias, image, digest, base, vetting")
  static final class ListBlocks implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      BlockCatalog catalog = catalog();
      catalog.blocks().forEach(b -> out(spec).println(line(b, catalog)));
      out(spec).flush();
      return 0;
    }
  }

  @Command(name = "show", description = "One block with its layers and the files they hold")
  static final class Show implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Parameters(index = "0", description = "the block's alias") String alias;

    @Override
    public Integer call() {
      BlockCatalog catalog = catalog();
      Block block = catalog.block(alias).orElse(null);
      if (block == null) {
        out(spec).println("no block has the alias " + alias);
        out(spec).flush();
        return 1;
      }
      out(spec).println(line(block, catalog));
      for (var layer : catalog.ownLayers(block)) {
        var record = catalog.layer(layer.digest());
        out(spec).println("layer " + layer.digest() + "\t" + layer.size() + " bytes\t" + record.fileCount()
            + " entries\tdiffID " + record.diffId());
        LayerFiles.decodeEntries(record.files()).stream().filter(e -> e.type() != LayerFiles.Type.DIRECTORY)
            .forEach(e -> out(spec).println("  " + e.type().name().toLowerCase(java.util.Locale.ROOT) + "\t"
                + e.size() + "\t" + e.path()));
      }
      out(spec).flush();
      return 0;
    }
  }

  @Command(name = "register", description = "Register (or move) a block: an image's own layers on a registered base")
  static final class Register implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Parameters(index = "0", description = "the alias, e.g. samtools or r-4.4") String alias;
    @Parameters(index = "1", description = "the image's repository, e.g. tools/samtools") String repository;
    @Parameters(index = "2", description = "its tag or digest") String reference;

    @Override
    public Integer call() {
      BlockCatalog catalog = catalog();
      Block block = catalog.registerBlock(alias, RepositoryName.parse(repository), Reference.parse(reference),
          OPERATOR);
      out(spec).println(line(block, catalog));
      out(spec).flush();
      return 0;
    }
  }

  @Command(name = "bases", description = "Every base: alias, image, digest, family")
  static final class Bases implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      catalog().bases().forEach(b -> out(spec).println(line(b)));
      out(spec).flush();
      return 0;
    }
  }

  @Command(name = "base", description = "Register (or move) a base under an alias, in a family of compatible bases")
  static final class RegisterBase implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Parameters(index = "0", description = "the alias, e.g. debian") String alias;
    @Parameters(index = "1", description = "the image's repository, e.g. library/debian") String repository;
    @Parameters(index = "2", description = "its tag or digest") String reference;
    @Option(names = "--family", description = "bases of one family are compatible (default: the alias)")
    String family;

    @Override
    public Integer call() {
      Base base = catalog().registerBase(alias, RepositoryName.parse(repository), Reference.parse(reference),
          family == null ? alias : family, OPERATOR);
      out(spec).println(line(base));
      out(spec).flush();
      return 0;
    }
  }
}
