package org.arca.registry.admin;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.EnumSet;
import java.util.List;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.registry.account.AccountService;
import org.arca.registry.account.Visibility;
import org.arca.registry.admin.AccountViews.RepositoryView;
import org.arca.registry.audit.AuditLog;
import org.arca.registry.auth.Action;
import org.arca.registry.auth.Caller;
import org.arca.registry.auth.Callers;

/** Repository settings (visibility, grants) and the audit log, in the management API. */
// {name:.+} rather than {+name}: the same match (a name holds slashes), and the OpenAPI processor, which skips
// {+...} variables, keeps it in the path
@Tag(name = "Repositories", description = "Repository settings (visibility, grants) and the audit log")
@Controller("/api/v1")
@SecurityRequirement(name = "basic")
@ExecuteOn(TaskExecutors.BLOCKING)
public class RepositoryAdminController {
  private final AccountService accounts;
  private final AuditLog audit;

  public RepositoryAdminController(AccountService accounts, AuditLog audit) {
    this.accounts = accounts;
    this.audit = audit;
  }

  @Operation(summary = "A repository's visibility and grants")
  @Get("/repositories/{name:.+}/settings")
  public RepositoryView settings(HttpRequest<?> request, @PathVariable String name) {
    AccountService.RepositorySettings settings = accounts.repositorySettings(
        AccountController.authenticated(request), RepositoryName.parse(name));
    return RepositoryView.of(settings.repository(), settings.visibility().wireName(), settings.inherited(),
        settings.grants());
  }

  /** Sets the repository's visibility: {@code public}, {@code private}, or null to follow its namespace. */
  @Put("/repositories/{name:.+}/visibility")
  public RepositoryView visibility(HttpRequest<?> request, @PathVariable String name,
      @Body AccountViews.VisibilityChange change) {
    Caller caller = AccountController.authenticated(request);
    RepositoryName repository = RepositoryName.parse(name);
    accounts.setRepositoryVisibility(caller, Callers.address(request), repository,
        change.visibility() == null || change.visibility().equals("inherit") ? null
            : Visibility.parse(change.visibility()));
    return settings(request, name);
  }

  @Operation(summary = "Grants a user actions (pull, push, delete) on a repository")
  @Put("/repositories/{name:.+}/grants/{user}")
  public RepositoryView grant(HttpRequest<?> request, @PathVariable String name, @PathVariable String user,
      @Body AccountViews.GrantChange change) {
    EnumSet<Action> actions = EnumSet.noneOf(Action.class);
    change.actions().forEach(a -> actions.addAll(Action.parseList(a)));
    accounts.grant(AccountController.authenticated(request), Callers.address(request), RepositoryName.parse(name),
        user, actions);
    return settings(request, name);
  }

  @Operation(summary = "Removes a user's grant")
  @Delete("/repositories/{name:.+}/grants/{user}")
  public HttpResponse<?> revoke(HttpRequest<?> request, @PathVariable String name, @PathVariable String user) {
    accounts.grant(AccountController.authenticated(request), Callers.address(request), RepositoryName.parse(name),
        user, EnumSet.noneOf(Action.class));
    return HttpResponse.noContent();
  }

  /** The audit log, newest first (admins): page with {@code before} (an entry id), filter by actor or action. */
  @Get("/audit")
  public List<AuditLog.Entry> audit(HttpRequest<?> request, @Nullable @QueryValue Long before,
      @Nullable @QueryValue String actor, @Nullable @QueryValue String action, @Nullable @QueryValue Integer limit) {
    if (!AccountController.authenticated(request).isAdmin()) {
      throw new RegistryException(OciError.DENIED, "only admins read the audit log");
    }
    return audit.entries(before, actor, action, Math.min(limit == null ? 100 : Math.max(limit, 1), 1000));
  }
}
