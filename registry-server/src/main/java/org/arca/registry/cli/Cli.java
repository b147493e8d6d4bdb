package org.arca.registry.cli;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.BeanInstantiationException;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.registry.account.Account;
import org.arca.registry.account.AccountService;
import org.arca.registry.account.OrgRole;
import org.arca.registry.account.Visibility;
import org.arca.registry.audit.AuditLog;
import org.arca.registry.auth.Action;
import org.arca.registry.auth.Caller;
import org.arca.registry.auth.Role;
import org.arca.registry.auth.SigningKeys;
import org.arca.registry.gc.GcCommands;
import org.arca.registry.quota.QuotaCommands;
import org.arca.registry.compose.ComposeCommands;
import org.arca.registry.vetting.VettingCommands;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Management commands of the main jar ({@code java -jar arca.jar user add ...}). They work on the same database and
 * data directory as the server, with the server running or not, and act as an administrator: whoever can run them
 * can read the data directory anyway. The database is shared (H2 with {@code AUTO_SERVER}, or PostgreSQL); what only
 * one process may hold, the search index, stays with the server: changes made here reach it through the event log
 * in the database, and {@code rebuild-search-index} refuses while a server holds it.
 */
@Command(name = "arca", mixinStandardHelpOptions = true, description = {"Arca management commands, on the data"
    + " directory and database of the configuration (ARCA_DATA_DIR ...), with the server running or not.",
    "Without a command, the jar runs the server."},
    subcommands = {CommandLine.HelpCommand.class, Cli.User.class, Cli.Org.class, Cli.Robot.class, Cli.Repo.class,
        Cli.Namespace.class, Cli.Keys.class, Cli.Audit.class, Cli.RebuildSearchIndex.class, Cli.Export.class,
        Cli.Import.class, Cli.LoadRecipes.class, Cli.Retention.class, Cli.Fsck.class,
        Cli.QuarantineCommands.class, Cli.Gc.class, Cli.Quota.class, FixityCli.class,
        VettingCommands.class, ComposeCommands.class})
public final class Cli {
  private static final Set<String> OPTIONS = Set.of("--help", "-h", "--version", "-V");
  private static final Caller OPERATOR = Caller.of("cli:" + System.getProperty("user.name", "operator"),
      Caller.Kind.USER, Role.ADMIN, Caller.Credential.SERVER);
  private static final String HERE = "local";

  private static ApplicationContext context;

  private Cli() {}

  /**
   * Whether {@code first} asks for a management command rather than the server: the server takes only options
   * ({@code -name=value}), so any other word is a command, and a mistyped one is answered here instead of starting a
   * second server on the same data directory.
   */
  public static boolean handles(String first) {
    return OPTIONS.contains(first) || !first.startsWith("-");
  }

  /**
   * Runs a command and returns its exit status. The application context is started only for commands that need it,
   * and is always closed, so that no thread it started keeps the JVM alive.
   */
  public static int run(String[] args) {
    try {
      return new CommandLine(new Cli())
          .setExecutionExceptionHandler((e, commandLine, parsed) -> {
            commandLine.getErr().println("error: " + describe(e));
            return 1;
          })
          .execute(args);
    } finally {
      if (context != null) {
        context.close();
        context = null;
      }
    }
  }

  /**
   * The application context of environment {@code cli}: the server's database and data directory, without what only
   * the server may hold (the search index writer, the job runner, the HTTP server).
   */
  public static ApplicationContext context() {
    if (context == null) {
      ApplicationContext built = ApplicationContext.builder()
          .banner(false)
          .environments(Environment.CLI)
          .properties(Map.of("logger.levels.root", "WARN", "logger.levels.org.arca", "WARN", "arca.jobs.enabled",
              "false"))
          .build();
      context = built;
      built.start();
    }
    return context;
  }

  /** One line for the operator: a failed bean names its cause rather than the path that led to it. */
  private static String describe(Exception e) {
    if (e instanceof RegistryException) {
      return e.getMessage();
    }
    Throwable cause = e;
    while (cause instanceof BeanInstantiationException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.toString();
  }

  static AccountService accounts() {
    return context().getBean(AccountService.class);
  }

  static PrintWriter out(CommandLine.Model.CommandSpec spec) {
    return spec.commandLine().getOut();
  }

  /** A password from stdin (one line) or, at a terminal, typed without echo. */
  static String readPassword(boolean stdin) throws IOException {
    Console console = System.console();
    if (!stdin && console != null) {
      char[] first = console.readPassword("password: ");
      char[] again = console.readPassword("again: ");
      if (!Arrays.equals(first, again)) {
        throw new IllegalArgumentException("the passwords differ");
      }
      return new String(first);
    }
    String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    if (line == null) {
      throw new IllegalArgumentException("no password on standard input");
    }
    return line;
  }

  static String describe(Account a) {
    return a.name() + "\t" + a.kind().name().toLowerCase() + "\t" + (a.role() == null ? "-" : a.role().wireName())
        + "\t" + a.defaultVisibility().wireName() + (a.disabled() ? "\tdisabled" : "")
        + (a.email() == null ? "" : "\t" + a.email()) + (a.orcid() == null ? "" : "\t" + a.orcid());
  }

  @Command(name = "user", description = "Users: add, list, passwd, role, disable, enable, remove",
      subcommands = {User.Add.class, User.ListUsers.class, User.Passwd.class, User.SetRole.class,
          User.Disable.class, User.Enable.class, User.Remove.class})
  static final class User {
    @Command(name = "add", description = "Create a user; the password is read from the terminal or stdin")
    static final class Add implements Callable<Integer> {
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;
      @Parameters(index = "0", description = "user name (also its namespace)") String name;
      @Option(names = "--email") String email;
      @Option(names = "--orcid", description = "ORCID iD, e.g. 0000-0002-1825-0097") String orcid;
      @Option(names = "--display-name") String displayName;
      @Option(names = "--role", defaultValue = "researcher", description = "researcher, curator or admin") String role;
      @Option(names = "--password-stdin", description = "read the password from standard input") boolean stdin;

      @Override
      public Integer call() throws IOException {
        Account a = accounts().createUser(OPERATOR, HERE, name, email, orcid, displayName, readPassword(stdin),
            Role.parse(role));
        out(spec).println("created " + describe(a));
        return 0;
      }
    }

    @Command(name = "list", description = "List users")
    static final class ListUsers implements Callable<Integer> {
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;

      @Override
      public Integer call() {
        accounts().users(OPERATOR).forEach(a -> out(spec).println(describe(a)));
        return 0;
      }
    }

    @Command(name = "passwd", description = "Set a user's password (read from the terminal or stdin)")
    static final class Passwd implements Callable<Integer> {
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;
      @Parameters(index = "0") String name;
      @Option(names = "--password-stdin") boolean stdin;

      @Override
      public Integer call() throws IOException {
        accounts().setPassword(OPERATOR, HERE, name, readPassword(stdin));
        out(spec).println("password of " + name + " changed; its refresh tokens no longer work");
        return 0;
      }
    }

    @Command(name = "role", description = "Set a user's role: researcher, curator or admin")
    static final class SetRole implements Callable<Integer> {
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;
      @Parameters(index = "0") String name;
      @Parameters(index = "1") String role;

      @Override
      public Integer call() {
        out(spec).println(describe(accounts().setRole(OPERATOR, HERE, name, Role.parse(role))));
        return 0;
      }
    }

    @Command(name = "disable", description = "Disable an account (it can no longer log in)")
    static final class Disable implements Callable<Integer> {
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;
      @Parameters(index = "0") String name;

      @Override
      public Integer call() {
        out(spec).println(describe(accounts().setDisabled(OPERATOR, HERE, name, true)));
        return 0;
      }
    }

    @Command(name = "enable", description = "Enable a disabled account")
    static final class Enable implements Callable<Integer> {
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;
      @Parameters(index = "0") String name;

      @Override
      public Integer call() {
        out(spec).println(describe(accounts().setDisabled(OPERATOR, HERE, name, false)));
        return 0;
      }
    }

    @Command(name = "remove", description = "Delete an account (its repositories stay)")
    static final class Remove implements Callable<Integer> {
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;
      @Parameters(index = "0") String name;

      @Override
      public Integer call() {
        accounts().deleteAccount(OPERATOR, HERE, name);
        out(spec).println("removed " + name);
        return 0;
      }
    }
  }

  @Command(name = "org", description = "Organizations: add, list, member, remove-member, members",
      subcommands = {Org.Add.class, Org.ListOrgs.class, Org.Member.class, Org.RemoveMember.class, Org.Members.class})
  static final class Org {
    @Command(name = "add", description = "Create an organization")
    static final class Add implements Callable<Integer> {
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;
      @Parameters(index = "0") String name;
      @Option(names = "--display-name") String displayName;
      @Option(names = "--visibility", description = "default visibility of its repositories") String visibility;
      @Option(names = "--owner", description = "a user to make its first owner") String owner;

      @Override
      public Integer call() {
        Account org = accounts().createOrganization(OPERATOR, HERE, name, displayName,
            visibility == null ? null : Visibility.parse(visibility));
        if (owner != null) {
          accounts().setMember(OPERATOR, HERE, name, owner, OrgRole.OWNER);
        }
        out(spec).println("created " + describe(org));
        return 0;
      }
    }

    @Command(name = "list", description = "List organizations")
    static final class ListOrgs implements Callable<Integer> {
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;

      @Override
      public Integer call() {
        accounts().organizations().forEach(a -> out(spec).println(describe(a)));
        return 0;
      }
    }

    @Command(name = "member", description = "Add a member or change its role: reader, writer or owner")
    static final class Member implements Callable<Integer> {
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;
      @Parameters(index = "0") String organization;
      @Parameters(index = "1") String user;
      @Parameters(index = "2", defaultValue = "writer") String role;

      @Override
      public Integer call() {
        accounts().setMember(OPERATOR, HERE, organization, user, OrgRole.parse(role));
        out(spec).println(user + " is " + role + " of " + organization);
        return 0;
      }
    }

    @Command(name = "remove-member", description = "Remove a member")
    static final class RemoveMember implements Callable<Integer> {
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;
      @Parameters(index = "0") String organization;
      @Parameters(index = "1") String user;

      @Override
      public Integer call() {
        accounts().removeMember(OPERATOR, HERE, organization, user);
        out(spec).println(user + " left " + organization);
        return 0;
      }
    }

    @Command(name = "members", description = "List members")
    static final class Members implements Callable<Integer> {
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;
      @Parameters(index = "0") String organization;

      @Override
      public Integer call() {
        accounts().members(OPERATOR, organization).forEach((u, r) -> out(spec).println(u + "\t" + r.wireName()));
        return 0;
      }
    }
  }

  @Command(name = "robot", description = "Robot accounts for CI: add, list, revoke",
      subcommands = {Robot.Add.class, Robot.ListRobots.class, Robot.Revoke.class})
  static final class Robot {
    @Command(name = "add", description = "Create a robot in a namespace; prints its token once")
    static final class Add implements Callable<Integer> {
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;
      @Parameters(index = "0", description = "the namespace it belongs to") String namespace;
      @Parameters(index = "1", description = "its name; it logs in as <namespace>+<name>") String name;
      @Option(names = "--actions", defaultValue = "pull,push", description = "pull, push, delete") String actions;
      @Option(names = "--namespaces", split = ",", description = "namespaces it may act in (default: its own)")
      List<String> namespaces;
      @Option(names = "--expires", description = "expiry date, e.g. 2027-06-30") LocalDate expires;
      @Option(names = "--description") String description;

      @Override
      public Integer call() {
        Instant expiry = expires == null ? null : expires.atStartOfDay().toInstant(ZoneOffset.UTC);
        AccountService.NewRobot robot = accounts().createRobot(OPERATOR, HERE, namespace, name,
            Action.parseList(actions), namespaces, expiry, description);
        out(spec).println("robot:  " + robot.robot().name());
        out(spec).println("token:  " + robot.token());
        out(spec).println("(the token is shown only now; log in with the robot's name as user and the token as"
            + " password)");
        return 0;
      }
    }

    @Command(name = "list", description = "List a namespace's robots")
    static final class ListRobots implements Callable<Integer> {
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;
      @Parameters(index = "0") String namespace;

      @Override
      public Integer call() {
        accounts().robots(OPERATOR, namespace).forEach(r -> out(spec).println(r.name() + "\t"
            + Action.toList(r.actions()) + "\t" + String.join(",", r.namespaces())
            + (r.expiresAt() == null ? "" : "\texpires " + r.expiresAt())
            + (r.revokedAt() == null ? "" : "\trevoked " + r.revokedAt())));
        return 0;
      }
    }

    @Command(name = "revoke", description = "Revoke a robot's token")
    static final class Revoke implements Callable<Integer> {
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;
      @Parameters(index = "0", description = "<namespace>+<name>") String name;

      @Override
      public Integer call() {
        accounts().revokeRobot(OPERATOR, HERE, name);
        out(spec).println("revoked " + name);
        return 0;
      }
    }
  }

  @Command(name = "repo", description = "Repositories: visibility, grant",
      subcommands = {Repo.SetVisibility.class, Repo.Grant.class})
  static final class Repo {
    @Command(name = "visibility", description = "Set a repository's visibility: public, private or inherit")
    static final class SetVisibility implements Callable<Integer> {
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;
      @Parameters(index = "0") String repository;
      @Parameters(index = "1") String visibility;

      @Override
      public Integer call() {
        accounts().setRepositoryVisibility(OPERATOR, HERE, RepositoryName.parse(repository),
            visibility.equals("inherit") ? null : Visibility.parse(visibility));
        out(spec).println(repository + " is " + visibility);
        return 0;
      }
    }

    @Command(name = "grant", description = "Grant a user actions on one repository (none removes the grant)")
    static final class Grant implements Callable<Integer> {
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;
      @Parameters(index = "0") String repository;
      @Parameters(index = "1") String user;
      @Parameters(index = "2", defaultValue = "pull", description = "pull, push, delete, or none") String actions;

      @Override
      public Integer call() {
        Set<Action> granted = actions.equals("none") ? EnumSet.noneOf(Action.class) : Action.parseList(actions);
        accounts().grant(OPERATOR, HERE, RepositoryName.parse(repository), user, granted);
        out(spec).println(user + " may " + (granted.isEmpty() ? "no longer act on" : Action.toList(granted)) + " "
            + repository);
        return 0;
      }
    }
  }

  @Command(name = "namespace", description = "Namespaces: visibility", subcommands = Namespace.SetVisibility.class)
  static final class Namespace {
    @Command(name = "visibility", description = "Default visibility of a namespace's repositories")
    static final class SetVisibility implements Callable<Integer> {
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;
      @Parameters(index = "0") String namespace;
      @Parameters(index = "1") String visibility;

      @Override
      public Integer call() {
        accounts().setNamespaceVisibility(OPERATOR, HERE, namespace, Visibility.parse(visibility));
        out(spec).println(namespace + " defaults to " + visibility);
        return 0;
      }
    }
  }

  @Command(name = "gc", description = "Collect garbage now: blobs, links, expired uploads and files that nothing"
      + " references and that are older than the grace period (arca.gc.grace-period)")
  static final class Gc implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Option(names = "--dry-run", description = "Report what would be removed, and remove nothing") boolean dryRun;

    @Override
    public Integer call() {
      return GcCommands.collect(context(), dryRun, OPERATOR.name(), out(spec));
    }
  }

  @Command(name = "quota", description = "Storage quotas per namespace: show, set, remove",
      subcommands = {Quota.Show.class, Quota.SetLimits.class, Quota.Remove.class})
  static final class Quota {
    @Command(name = "show", description = "A namespace's quota and usage (used, unique and shared bytes)")
    static final class Show implements Callable<Integer> {
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;
      @Parameters(index = "0") String namespace;

      @Override
      public Integer call() {
        return QuotaCommands.show(context(), namespace, out(spec));
      }
    }

    @Command(name = "set", description = "Set a namespace's thresholds, e.g. --warning 8GiB --reject 10GiB")
    static final class SetLimits implements Callable<Integer> {
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;
      @Parameters(index = "0") String namespace;
      @Option(names = "--warning", description = "Usage at which the namespace is reported as near its quota")
      String warning;
      @Option(names = "--reject", description = "Usage above which pushes that add bytes are refused") String reject;

      @Override
      public Integer call() {
        return QuotaCommands.set(context(), namespace, warning, reject, OPERATOR.name(), out(spec));
      }
    }

    @Command(name = "remove", description = "Remove a namespace's quota")
    static final class Remove implements Callable<Integer> {
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;
      @Parameters(index = "0") String namespace;

      @Override
      public Integer call() {
        return QuotaCommands.remove(context(), namespace, out(spec));
      }
    }
  }

  @Command(name = "keys", description = "Token signing keys", subcommands = Keys.Rotate.class)
  static final class Keys {
    @Command(name = "rotate", description = "Make a new signing key; older keys keep verifying until removed")
    static final class Rotate implements Callable<Integer> {
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;

      @Override
      public Integer call() {
        out(spec).println("new signing key " + context().getBean(SigningKeys.class).rotate());
        return 0;
      }
    }
  }

  @Command(name = "rebuild-search-index",
      description = "Rebuild the search index from the registry, with the server stopped (a running server holds"
          + " the index: this refuses, and POST /api/v1/search/rebuild rebuilds it there)")
  static final class RebuildSearchIndex implements Callable<Integer> {
    @Override
    public Integer call() {
      return org.arca.search.SearchCommands.rebuildIndex(context());
    }
  }

  @Command(name = "export", description = "Write images as an archival BagIt bag (OCI layout, DataCite, RO-Crate,"
      + " provenance) into a new directory")
  static final class Export implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Option(names = "--image", description = "an image: repository:tag or repository@digest (repeatable)")
    List<String> images = new java.util.ArrayList<>();
    @Option(names = "--repository", description = "every image of a repository (repeatable)")
    List<String> repositories = new java.util.ArrayList<>();
    @Option(names = "--dois", description = "every image that has a DOI") boolean dois;
    @Option(names = "--output", required = true, description = "the bag's directory (absent or empty)")
    java.nio.file.Path output;

    @Override
    public Integer call() throws IOException {
      return org.arca.registry.preservation.PreservationCommands.export(context(), images, repositories, dois, output,
          out(spec));
    }
  }

  @Command(name = "import", description = "Verify an archival bag and import its images, tags, DOIs and provenance")
  static final class Import implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Parameters(index = "0", description = "the bag's directory") java.nio.file.Path bag;

    @Override
    public Integer call() throws IOException {
      return org.arca.registry.preservation.PreservationCommands.importBag(context(), bag, out(spec));
    }
  }

  @Command(name = "load-recipes", description = {"Turn folders of recipes into images in a running registry, over"
      + " HTTP, and wait until its search has indexed them (docs/search.md)",
      "usage: load-recipes --url URL [--user NAME --password SECRET] [--namespace NAME] [--jobs N] [--no-wait]"
          + " FOLDER..."})
  static final class LoadRecipes implements Callable<Integer> {
    @CommandLine.Unmatched List<String> arguments = new java.util.ArrayList<>();

    @Override
    public Integer call() {
      // a client of the server's HTTP API: it needs no application context
      return org.arca.search.SearchCommands.loadRecipes(arguments.toArray(String[]::new));
    }
  }

  @Command(name = "audit", description = "Print the newest audit entries")
  static final class Audit implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Option(names = "--limit", defaultValue = "50") int limit;
    @Option(names = "--actor") String actor;
    @Option(names = "--action") String action;

    @Override
    public Integer call() {
      for (AuditLog.Entry e : context().getBean(AuditLog.class).entries(null, actor, action, limit)) {
        out(spec).println(e.at() + "\t" + e.actor() + "\t" + e.action() + "\t" + (e.target() == null ? "" : e.target())
            + "\t" + e.outcome() + "\t" + (e.address() == null ? "" : e.address())
            + (e.detail() == null ? "" : "\t" + e.detail()));
      }
      return 0;
    }
  }

  @Command(name = "retention", description = "Retention: policies, legal holds, plans (approve and restore through"
      + " /api/v1/retention, on the server)", subcommands = {Retention.Policy.class, Retention.Policies.class,
          Retention.RemovePolicy.class, Retention.Hold.class, Retention.Plan.class, Retention.Show.class})
  static final class Retention {
    @Command(name = "policy", description = "Add a policy: a repository pattern (* within a segment, ** across) and"
        + " its rules as a JSON list (docs/curator-guide.md)")
    static final class Policy implements Callable<Integer> {
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;
      @Parameters(index = "0", description = "repository pattern, e.g. 'lab/**'") String pattern;
      @Parameters(index = "1", description = "rules, e.g. '[{\"rule\":\"keepMostRecentlyPushed\",\"count\":5}]'")
      String rules;
      @Option(names = "--schedule", description = "plan by itself: an interval (24h) or a cron expression with"
          + " seconds, UTC ('0 0 3 * * *')") String schedule;
      @Option(names = "--auto-approve", description = "execute the scheduled plans without a curator's approval")
      boolean autoApprove;

      @Override
      public Integer call() {
        return org.arca.registry.retention.RetentionCommands.addPolicy(context(), OPERATOR.name(), pattern, rules,
            schedule, autoApprove, out(spec));
      }
    }

    @Command(name = "policies", description = "List the policies")
    static final class Policies implements Callable<Integer> {
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;

      @Override
      public Integer call() {
        return org.arca.registry.retention.RetentionCommands.listPolicies(context(), out(spec));
      }
    }

    @Command(name = "remove-policy", description = "Remove a policy by its id")
    static final class RemovePolicy implements Callable<Integer> {
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;
      @Parameters(index = "0") long id;

      @Override
      public Integer call() {
        return org.arca.registry.retention.RetentionCommands.removePolicy(context(), OPERATOR.name(), id, out(spec));
      }
    }

    @Command(name = "hold", description = "Put a repository, or one tag or digest of it, on legal hold")
    static final class Hold implements Callable<Integer> {
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;
      @Parameters(index = "0") String repository;
      @Option(names = "--reference", description = "a tag or digest (default: the whole repository)")
      String reference;
      @Option(names = "--reason", required = true) String reason;

      @Override
      public Integer call() {
        return org.arca.registry.retention.RetentionCommands.hold(context(), OPERATOR.name(), repository, reference,
            reason, out(spec));
      }
    }

    @Command(name = "plan", description = "Plan every policy now and save the plan; removes nothing")
    static final class Plan implements Callable<Integer> {
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;

      @Override
      public Integer call() {
        return org.arca.registry.retention.RetentionCommands.plan(context(), OPERATOR.name(), out(spec));
      }
    }

    @Command(name = "show", description = "Print a plan: every candidate and protected item, and outcomes")
    static final class Show implements Callable<Integer> {
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;
      @Parameters(index = "0") String id;

      @Override
      public Integer call() {
        return org.arca.registry.retention.RetentionCommands.show(context(), id, out(spec));
      }
    }
  }

  @Command(name = "fsck", description = {"Check that the database and the stored blobs agree: every manifest's blobs"
      + " recorded and stored with their size, no stored bytes unaccounted for; --deep also re-hashes every blob",
      "Exit status 0 when clean (or everything found was repaired), 1 when problems remain."})
  static final class Fsck implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Option(names = "--deep", description = "re-hash every blob (reads all stored bytes)") boolean deep;
    @Option(names = "--repair", description = "remove orphan bytes and orphan upload files older than the grace"
        + " period; report the rest") boolean repair;
    @Option(names = "--grace", defaultValue = "PT24H", description = "leave files younger than this (ISO-8601,"
        + " default PT24H): a commit or upload may be in flight") java.time.Duration grace;
    @Option(names = "--json", description = "print the report as JSON") boolean json;

    @Override
    public Integer call() throws IOException {
      return org.arca.registry.fixity.FixityCommands.fsck(context(), deep, repair, grace, json, out(spec));
    }
  }

  @Command(name = "quarantine", description = "Blobs withheld after a failed fixity check: list, release",
      subcommands = {QuarantineCommands.ListQuarantine.class, QuarantineCommands.Release.class})
  static final class QuarantineCommands {
    @Command(name = "list", description = "List quarantined blobs with the manifests and DOIs that depend on them")
    static final class ListQuarantine implements Callable<Integer> {
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;

      @Override
      public Integer call() {
        return org.arca.registry.fixity.FixityCommands.list(context(), out(spec));
      }
    }

    @Command(name = "release", description = "Re-hash a blob whose file was restored; release it if it passes")
    static final class Release implements Callable<Integer> {
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;
      @Parameters(index = "0", description = "the blob's digest, sha256:...") String digest;

      @Override
      public Integer call() throws IOException {
        return org.arca.registry.fixity.FixityCommands.release(context(), digest, out(spec));
      }
    }
  }
}
