package org.arca.registry.auth;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;
import io.micronaut.web.router.UriRouteMatch;
import java.util.Optional;
import java.util.Set;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.core.access.AcceptedCredentials;
import org.arca.core.access.AcceptedCredentials.Credential;

/**
 * Authenticates every request to the OCI API, the JSON API and the web pages; refuses, on the JSON API, credentials a route does
 * not accept ({@link AcceptedCredentials}) and callers without the role it requires; and checks the repository
 * action a {@code /v2/} route declares with {@link RepositoryAccess}. Routes without it decide for themselves (the
 * catalog filters by caller; the management API checks roles).
 */
@ServerFilter(patterns = {"/v2", "/v2/**", "/api/**", "/sif/**", "/doi/**", "/cite/**", "/", "/search", "/search/**",
    "/r/**", "/signin", "/signout", "/account", "/account/**", "/curator", "/curator/**"})
public class AuthFilter {
  private final Gatekeeper gatekeeper;
  private final AuthConfiguration config;
  private final PageSessions sessions;

  public AuthFilter(Gatekeeper gatekeeper, AuthConfiguration config, PageSessions sessions) {
    this.gatekeeper = gatekeeper;
    this.config = config;
    this.sessions = sessions;
  }

  @RequestFilter
  @ExecuteOn(TaskExecutors.BLOCKING)
  public void authenticate(HttpRequest<?> request) {
    String realm = Realm.of(config, name -> request.getHeaders().get(name));
    Caller caller = gatekeeper.authenticate(request.getHeaders().get("Authorization"), Callers.address(request),
        realm);
    if (caller.isAnonymous() && request.getHeaders().get("Authorization") == null) {
      caller = sessions.resume(request).orElse(caller);
    }
    Callers.attach(request, caller);
    Optional<RouteMatch<?>> matched = RouteAttributes.getRouteMatch(request);
    if (request.getPath().startsWith("/api/") && matched.isPresent()) {
      requireAcceptedCredential(caller, matched.get());
    }
    Optional<org.arca.core.access.RequiresRole.ArchiveRole> role = matched.flatMap(m -> m.getAnnotationMetadata()
        .enumValue(org.arca.core.access.RequiresRole.class, org.arca.core.access.RequiresRole.ArchiveRole.class));
    if (role.isPresent() && caller.kind() != Caller.Kind.OPEN) {
      boolean allowed = role.get() == org.arca.core.access.RequiresRole.ArchiveRole.ADMIN ? caller.isAdmin()
          : caller.isCurator();
      if (!allowed && caller.isAnonymous()) {
        throw gatekeeper.unauthorized("log in as a " + role.get().name().toLowerCase() + " to do this", realm, null);
      }
      if (!allowed) {
        throw new RegistryException(OciError.DENIED,
            "only a " + role.get().name().toLowerCase() + " may do this");
      }
    }
    String path = request.getPath();
    if (!path.startsWith("/v2")) {
      return;
    }
    if ((path.equals("/v2") || path.equals("/v2/")) && request.getHeaders().get("Authorization") == null
        && gatekeeper.enabled()) {
      // docker login probes /v2/ and treats 200 as "no login needed": ask callers without credentials to get a
      // token (an anonymous token will do).
      throw gatekeeper.unauthorized("authentication required", realm, null);
    }
    Optional<RouteMatch<?>> route = RouteAttributes.getRouteMatch(request);
    if (route.isEmpty()) {
      return;
    }
    Optional<Action> action = route.get().getAnnotationMetadata().enumValue(RepositoryAccess.class, Action.class);
    if (action.isPresent() && route.get() instanceof UriRouteMatch<?, ?> uri
        && uri.getVariableValues().get("name") instanceof String name) {
      gatekeeper.require(caller, RepositoryName.parse(name), action.get(), realm);
    }
  }

  /** Refuses credentials the JSON API route does not accept; see {@link AcceptedCredentials}. */
  private static void requireAcceptedCredential(Caller caller, RouteMatch<?> route) {
    Credential presented = switch (caller.credential()) {
      case PASSWORD -> Credential.PASSWORD;
      case ROBOT_TOKEN -> Credential.ROBOT_TOKEN;
      case REGISTRY_TOKEN -> Credential.REGISTRY_TOKEN;
      case NONE, SERVER -> null; // no credentials: the route decides what anonymous callers get
    };
    if (presented == null) {
      return;
    }
    Set<Credential> accepted = route.getAnnotationMetadata().hasAnnotation(AcceptedCredentials.class)
        ? Set.of(route.getAnnotationMetadata().enumValues(AcceptedCredentials.class, Credential.class))
        : Set.of(Credential.PASSWORD);
    if (!accepted.contains(presented)) {
      throw new RegistryException(OciError.DENIED, "this request needs a user's password"
          + (accepted.contains(Credential.ROBOT_TOKEN) ? " or a robot token" : "") + "; " + refusal(presented));
    }
  }

  private static String refusal(Credential presented) {
    return switch (presented) {
      case PASSWORD -> "a password is accepted everywhere";
      case ROBOT_TOKEN -> "a robot token is for pushing and pulling in the robot's namespaces";
      case REGISTRY_TOKEN -> "a registry token from /auth/token grants only the repositories and actions of its"
          + " scope";
    };
  }
}
