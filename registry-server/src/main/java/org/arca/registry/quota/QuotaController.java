package org.arca.registry.quota;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.core.access.RequiresRole;
import org.arca.registry.account.AccountService;
import org.arca.registry.auth.Caller;
import org.arca.registry.auth.Callers;

/**
 * Namespace quotas in the management API: admins set them; a namespace's members, curators and admins read them with
 * the usage, so that a researcher sees how close a push is to the limit before it is refused.
 */
@Tag(name = "Quotas", description = "Storage quotas per namespace and their usage")
@Controller("/api/v1/namespaces/{name}/quota")
@SecurityRequirement(name = "basic")
@ExecuteOn(TaskExecutors.BLOCKING)
public class QuotaController {
  private final NamespaceQuotas quotas;
  private final AccountService accounts;

  QuotaController(NamespaceQuotas quotas, AccountService accounts) {
    this.quotas = quotas;
    this.accounts = accounts;
  }

  /** New thresholds in bytes; either may be null (no warning, or no limit). */
  @Serdeable
  public record QuotaChange(@Nullable Long warningBytes, @Nullable Long rejectBytes) {}

  @Operation(summary = "A namespace's quota and usage: used, unique and shared bytes. Shown to the namespace's own"
      + " user, the members of its organization, curators and admins; a user's password only")
  @Get
  public QuotaView show(HttpRequest<?> request, @PathVariable String name) {
    Caller caller = Callers.of(request);
    if (caller.isAnonymous()) {
      throw new RegistryException(OciError.UNAUTHORIZED, "log in to see the quota of " + name)
          .withHeader("WWW-Authenticate", "Basic realm=\"arca\"");
    }
    if (!accounts.belongsTo(caller, name)) {
      throw new RegistryException(OciError.DENIED, caller.name() + " is not " + name + " nor a member of it; a"
          + " namespace's quota is shown to its members, curators and admins");
    }
    return quotas.view(name);
  }

  @Operation(summary = "Sets a namespace's warning and reject thresholds, in bytes")
  @Put
  @RequiresRole(RequiresRole.ArchiveRole.ADMIN)
  public QuotaView set(HttpRequest<?> request, @PathVariable String name, @Body QuotaChange change) {
    return quotas.set(name, change.warningBytes(), change.rejectBytes(), Callers.of(request).name());
  }

  @Operation(summary = "Removes a namespace's quota")
  @Delete
  @RequiresRole(RequiresRole.ArchiveRole.ADMIN)
  public HttpResponse<?> remove(@PathVariable String name) {
    if (!quotas.remove(name)) {
      throw new RegistryException(OciError.NAME_UNKNOWN, "namespace " + name + " has no quota").withStatus(404);
    }
    return HttpResponse.noContent();
  }
}
