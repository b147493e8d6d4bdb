package org.arca.registry.vetting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.arca.core.RegistryException;
import org.arca.core.image.OciJson;
import org.arca.registry.audit.AuditLog;
import org.arca.registry.cli.Cli;
import org.arca.registry.vetting.VettingService.BaseImage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The jar's {@code vetting} commands, the same operations as {@code /api/v1} (docs/vetting.md): a namespace's
 * policy, vetting an image or a building block, revoking, and the decision in force with its history.
 */
@Command(name = "vetting", description = "Vetting: policy show|set, vet, revoke, status (docs/vetting.md)",
    subcommands = {VettingCommands.Policy.class, VettingCommands.Vet.class, VettingCommands.Revoke.class,
        VettingCommands.Status.class})
public final class VettingCommands {
  private static final String CURATOR = "cli:" + System.getProperty("user.name", "operator");

  @Command(name = "policy", description = "A namespace's vetting policy: show, set",
      subcommands = {Policy.Show.class, Policy.Set.class})
  static final class Policy {
    @Command(name = "show", description = "Print a namespace's policy (or the default it follows) as JSON")
    static final class Show implements Callable<Integer> {
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;
      @Parameters(index = "0", description = "namespace, e.g. lab") String namespace;

      @Override
      public Integer call() {
        return print(spec, VettingController.policyView(Cli.context().getBean(VettingStore.class),
            VettingController.namespace(namespace)));
      }
    }

    @Command(name = "set", description = "Set a namespace's policy from a JSON document (docs/vetting.md)")
    static final class Set implements Callable<Integer> {
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;
      @Parameters(index = "0", description = "namespace, e.g. lab") String namespace;
      @Parameters(index = "1", description = "policy, e.g. '{\"scan\":{\"maxSeverity\":\"medium\"}}'") String json;

      @Override
      public Integer call() {
        ApplicationContext context = Cli.context();
        String name = VettingController.namespace(namespace);
        VettingPolicy policy;
        try {
          policy = VettingPolicy.parse(OciJson.MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
          throw new IllegalArgumentException("the policy is not JSON: " + OciJson.problem(e));
        }
        VettingStore store = context.getBean(VettingStore.class);
        store.putPolicy(name, policy, CURATOR, context.getBean(Clock.class).instant());
        context.getBean(AuditLog.class).success(CURATOR, "vetting.policy.set", "namespace " + name,
            policy.toJson().toString(), null);
        return print(spec, VettingController.policyView(store, name));
      }
    }
  }

  @Command(name = "vet", description = "Vet an image (with --base, the layers it adds on top of that base) if it"
      + " meets its namespace's policy; exit 1 with the unmet requirements otherwise")
  static final class Vet implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Parameters(index = "0", description = "the image, <repository>@<digest>") String image;
    @Option(names = "--base", description = "the base image of a building block, <repository>@<digest>") String base;
    @Option(names = "--reason", description = "why, recorded with the decision") String reason;

    @Override
    public Integer call() {
      BaseImage target = BaseImage.parse(image);
      try {
        VettingStore.StoredDecision decision = Cli.context().getBean(VettingService.class).vet(target.repository(),
            target.digest(), Optional.ofNullable(base).map(BaseImage::parse), CURATOR, reason);
        Cli.context().getBean(AuditLog.class).success(CURATOR, "vetting.vet", target.toString(), decision.scope(),
            null);
        return print(spec, VettingController.view(decision));
      } catch (RegistryException e) {
        PrintWriter out = spec.commandLine().getOut();
        out.println("refused: " + e.getMessage());
        if (e.detail() instanceof Map<?, ?> detail && detail.get("unmet") instanceof Iterable<?> unmet) {
          unmet.forEach(requirement -> out.println("  unmet: " + requirement));
        }
        out.flush();
        return 1;
      }
    }
  }

  @Command(name = "revoke", description = "Revoke an image's vetting, with a reason")
  static final class Revoke implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Parameters(index = "0", description = "the image, <repository>@<digest>") String image;
    @Option(names = "--reason", required = true, description = "why, recorded with the decision") String reason;

    @Override
    public Integer call() {
      BaseImage target = BaseImage.parse(image);
      VettingStore.StoredDecision decision = Cli.context().getBean(VettingService.class).revoke(target.repository(),
          target.digest(), CURATOR, reason);
      Cli.context().getBean(AuditLog.class).success(CURATOR, "vetting.revoke", target.toString(), reason, null);
      return print(spec, VettingController.view(decision));
    }
  }

  @Command(name = "status", description = "Print the decision in force for an image and its history as JSON")
  static final class Status implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Parameters(index = "0", description = "the image, <repository>@<digest>") String image;

    @Override
    public Integer call() {
      BaseImage target = BaseImage.parse(image);
      return print(spec, VettingController.statusView(Cli.context().getBean(VettingStore.class),
          target.repository(), target.digest()));
    }
  }

  private static int print(CommandLine.Model.CommandSpec spec, JsonNode json) {
    PrintWriter out = spec.commandLine().getOut();
    out.println(json.toPrettyString());
    out.flush();
    return 0;
  }
}
