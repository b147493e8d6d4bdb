package org.arca.registry.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.core.image.OciJson;
import org.arca.registry.account.Account;
import org.arca.registry.account.AccountStore;
import org.arca.registry.metadata.Database;

/**
 * The token endpoint of the Docker token protocol: {@code GET /auth/token} with optional HTTP Basic credentials,
 * and the OAuth2 form ({@code POST}, {@code grant_type=password} or {@code refresh_token}) that docker and podman
 * use for {@code login}. Each answer is a short-lived signed token granting only what the caller may do within the
 * requested scopes.
 *
 * @see <a href="https://distribution.github.io/distribution/spec/auth/token/">token authentication</a>
 */
@Tag(name = "Authentication", description = "Bearer tokens for the OCI API (the distribution token protocol)")
@Controller("/auth/token")
@ExecuteOn(TaskExecutors.BLOCKING)
public class TokenController {
  private final Gatekeeper gatekeeper;
  private final TokenService tokens;
  private final AuthConfiguration config;
  private final Database database;
  private final AccountStore accounts;

  public TokenController(Gatekeeper gatekeeper, TokenService tokens, AuthConfiguration config, Database database,
      AccountStore accounts) {
    this.gatekeeper = gatekeeper;
    this.tokens = tokens;
    this.config = config;
    this.database = database;
    this.accounts = accounts;
  }

  @Operation(operationId = "getToken",
      summary = "A token for the requested `scope`s, for the caller's Basic credentials or anonymously")
  @Get(produces = MediaType.APPLICATION_JSON)
  public HttpResponse<byte[]> get(HttpRequest<?> request, @Nullable @QueryValue String service,
      @Nullable @QueryValue("offline_token") String offlineToken) {
    checkService(service);
    String realm = Realm.of(config, name -> request.getHeaders().get(name));
    Caller caller = gatekeeper.authenticate(request.getHeaders().get("Authorization"), Callers.address(request), realm);
    if (caller.credential() == Caller.Credential.REGISTRY_TOKEN) {
      // A token grants its scopes and nothing more: traded here, it would become a token for the whole account
      // (and a token that renews itself would never expire).
      throw gatekeeper.unauthorized("the token endpoint takes a password, a robot token or a refresh token, not a"
          + " bearer token", realm, null);
    }
    List<Scope> scopes = Scope.parseAll(request.getParameters().getAll("scope"));
    boolean refresh = "true".equalsIgnoreCase(offlineToken) && caller.kind() == Caller.Kind.USER;
    return answer(caller, scopes, refresh);
  }

  @Operation(operationId = "postToken", summary = "A token by the OAuth2 form: password or refresh_token grant")
  @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<byte[]> post(HttpRequest<?> request, @Body Map<String, String> form) {
    checkService(form.get("service"));
    String realm = Realm.of(config, name -> request.getHeaders().get(name));
    List<Scope> scopes = Scope.parseAll(form.get("scope") == null ? List.of() : List.of(form.get("scope")));
    String grantType = form.getOrDefault("grant_type", "");
    switch (grantType) {
      case "password" -> {
        String user = required(form, "username");
        Caller caller = gatekeeper.login(user, required(form, "password"), Callers.address(request), realm);
        boolean refresh = "offline".equals(form.get("access_type")) && caller.kind() == Caller.Kind.USER;
        return answer(caller, scopes, refresh);
      }
      case "refresh_token" -> {
        TokenService.RefreshGrant grant = tokens.verifyRefresh(required(form, "refresh_token"))
            .orElseThrow(() -> gatekeeper.unauthorized("the refresh token is invalid or expired; log in again",
                realm, null));
        Optional<Account> account = database.read(c -> accounts.account(c, grant.user()));
        if (account.isEmpty() || account.get().disabled()
            || account.get().credentialsVersion() != grant.credentialsVersion()) {
          throw gatekeeper.unauthorized("the refresh token is no longer valid; log in again", realm, null);
        }
        // a refresh token stands for the password login that asked for it
        return answer(Caller.of(grant.user(), Caller.Kind.USER, account.get().role(), Caller.Credential.PASSWORD),
            scopes, false);
      }
      default -> throw new RegistryException(OciError.UNSUPPORTED,
          "unsupported grant_type '" + grantType + "': use password or refresh_token").withStatus(400);
    }
  }

  private HttpResponse<byte[]> answer(Caller caller, List<Scope> scopes, boolean withRefresh) {
    Map<String, Set<Action>> granted = gatekeeper.grant(caller, scopes);
    TokenService.Issued issued = tokens.issueAccess(caller, granted);
    ObjectNode body = OciJson.MAPPER.createObjectNode();
    body.put("token", issued.token());
    body.put("access_token", issued.token());
    body.put("expires_in", issued.expiresIn().toSeconds());
    body.put("issued_at", DateTimeFormatter.ISO_INSTANT.format(issued.issuedAt()));
    if (withRefresh) {
      Account account = database.read(c -> accounts.account(c, caller.name())).orElseThrow();
      body.put("refresh_token", tokens.issueRefresh(caller.name(), account.credentialsVersion()));
    }
    if (!scopes.isEmpty()) {
      body.put("scope", String.join(" ", granted.entrySet().stream()
          .map(e -> "repository:" + e.getKey() + ":" + Action.toList(e.getValue())).toList()));
    }
    return HttpResponse.ok(OciJson.bytes(body)).contentType(MediaType.APPLICATION_JSON_TYPE)
        .header("Cache-Control", "no-store");
  }

  private void checkService(String service) {
    if (service != null && !service.isEmpty() && !service.equals(config.service())) {
      throw new RegistryException(OciError.UNSUPPORTED, "this token endpoint serves '" + config.service()
          + "', not '" + service + "'").withStatus(400);
    }
  }

  private static String required(Map<String, String> form, String field) {
    String value = form.get(field);
    if (value == null || value.isEmpty()) {
      throw new RegistryException(OciError.UNSUPPORTED, "the form field " + field + " is required").withStatus(400);
    }
    return value;
  }
}
