package org.arca.registry.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.registry.account.Account;
import org.arca.registry.account.AccountStore;
import org.arca.registry.account.Robot;
import org.arca.registry.audit.AuditLog;
import org.arca.registry.metadata.Database;

/**
 * Decides who a request comes from and whether it may do what it asks, for the Micronaut filter and the Netty blob
 * handler alike.
 *
 * <p>Answers never tell a private repository from one that does not exist: a caller without credentials gets 401
 * with a challenge for both, a caller with credentials gets 403 DENIED for both.
 */
@Singleton
public class Gatekeeper {
  private final AuthConfiguration config;
  private final TokenService tokens;
  private final Permissions permissions;
  private final Database database;
  private final AccountStore accounts;
  private final PasswordHasher hasher;
  private final LoginThrottle throttle;
  private final AuditLog audit;
  private final Clock clock;
  /** Logins verified lately, keyed by user and a hash of the secret, so that bcrypt runs once a minute at most. */
  private final Cache<String, Caller> logins = Caffeine.newBuilder().maximumSize(10_000)
      .expireAfterWrite(Duration.ofMinutes(1)).build();

  public Gatekeeper(AuthConfiguration config, TokenService tokens, Permissions permissions, Database database,
      AccountStore accounts, PasswordHasher hasher, LoginThrottle throttle, AuditLog audit, Clock clock) {
    this.config = config;
    this.tokens = tokens;
    this.permissions = permissions;
    this.database = database;
    this.accounts = accounts;
    this.hasher = hasher;
    this.throttle = throttle;
    this.audit = audit;
    this.clock = clock;
  }

  public boolean enabled() {
    return config.enabled();
  }

  /**
   * The caller an {@code Authorization} header proves: none means anonymous; {@code Basic} carries a password or a
   * robot token; {@code Bearer} carries a token from the token endpoint. Credentials that prove nothing are answered
   * 401, never treated as anonymous.
   */
  public Caller authenticate(String authorization, String address, String realm) {
    if (!config.enabled()) {
      return Caller.OPEN;
    }
    if (authorization == null || authorization.isBlank()) {
      return Caller.ANONYMOUS;
    }
    String header = authorization.trim();
    if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return tokens.verifyAccess(header.substring(7).trim())
          .orElseThrow(() -> unauthorized("the bearer token is invalid or expired; request a new one", realm, null));
    }
    if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw unauthorized("malformed Basic credentials", realm, null);
      }
      int colon = decoded.indexOf(':');
      if (colon <= 0) {
        throw unauthorized("malformed Basic credentials", realm, null);
      }
      return login(decoded.substring(0, colon), decoded.substring(colon + 1), address, realm);
    }
    throw unauthorized("unsupported authorization scheme; use Basic or Bearer", realm, null);
  }

  /**
   * The caller, when that needs neither the database nor a password hash (no credentials, a token, a login verified
   * lately); empty otherwise, and also for credentials that fail, whose answer the full path gives.
   */
  public Optional<Caller> authenticateWithoutBlocking(String authorization) {
    if (!config.enabled()) {
      return Optional.of(Caller.OPEN);
    }
    if (authorization == null || authorization.isBlank()) {
      return Optional.of(Caller.ANONYMOUS);
    }
    String header = authorization.trim();
    if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return tokens.verifyAccess(header.substring(7).trim());
    }
    if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon > 0) {
          return Optional.ofNullable(logins.getIfPresent(decoded.substring(0, colon) + '\u0000'
              + PasswordHasher.sha256(decoded.substring(colon + 1))));
        }
      } catch (IllegalArgumentException malformed) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** Whether the caller may act on the repository, when that is known without the database; empty otherwise. */
  public Optional<Boolean> mayWithoutBlocking(Caller caller, RepositoryName repository, Action action) {
    if (org.arca.registry.sif.SifMirror.isMirror(repository)
        || org.arca.registry.compose.ComposedOnPull.isComposed(repository)) {
      return Optional.empty();
    }
    return permissions.allowedIfKnown(caller, repository).map(allowed -> allowed.contains(action)
        && (caller.tokenAccess() == null
            || caller.tokenAccess().getOrDefault(repository.value(), Set.of()).contains(action)));
  }

  /** Checks a user's password or a robot's token; counts and audits failures. */
  public Caller login(String user, String secret, String address, String realm) {
    throttle.check(user, address);
    String key = user + '\u0000' + PasswordHasher.sha256(secret);
    Caller cached = logins.getIfPresent(key);
    if (cached != null) {
      return cached;
    }
    Optional<Caller> caller = user.contains("+") ? robot(user, secret) : password(user, secret);
    if (caller.isEmpty()) {
      throttle.failed(user, address);
      audit.failure(user, "login", null, "invalid credentials", address);
      throw unauthorized("invalid user name or password", realm, null);
    }
    throttle.succeeded(user, address);
    logins.put(key, caller.get());
    return caller.get();
  }

  /** Forgets verified logins, after a password change or a revocation on this instance. */
  public void forgetLogins() {
    logins.invalidateAll();
    permissions.invalidate();
  }

  /** What {@code caller} may do on the repository, limited by its token when it presented one. */
  public Set<Action> allowed(Caller caller, RepositoryName name) {
    // sif/<repository> is a read-only view of <repository>: reading it is reading the repository.
    boolean mirror = org.arca.registry.sif.SifMirror.isMirror(name);
    RepositoryName repository = mirror ? org.arca.registry.sif.SifMirror.source(name) : name;
    if (org.arca.registry.compose.ComposedOnPull.isComposed(repository)) {
      // compose/<base>/<blocks> (and its sif/ mirror): made only of what curators published in the catalog, which
      // must be public, so anyone may pull it
      boolean tokenAllows = caller.tokenAccess() == null
          || caller.tokenAccess().getOrDefault(name.value(), Set.of()).contains(Action.PULL)
          || caller.tokenAccess().getOrDefault(repository.value(), Set.of()).contains(Action.PULL);
      return tokenAllows ? EnumSet.of(Action.PULL) : EnumSet.noneOf(Action.class);
    }
    Set<Action> allowed = EnumSet.noneOf(Action.class);
    allowed.addAll(permissions.allowed(caller, repository));
    if (mirror) {
      allowed.retainAll(EnumSet.of(Action.PULL));
      if (caller.tokenAccess() != null) {
        Set<Action> viaMirror = caller.tokenAccess().getOrDefault(name.value(), Set.of());
        Set<Action> viaSource = caller.tokenAccess().getOrDefault(repository.value(), Set.of());
        if (!viaMirror.contains(Action.PULL) && !viaSource.contains(Action.PULL)) {
          allowed.clear();
        }
        return allowed;
      }
      return allowed;
    }
    if (caller.tokenAccess() != null) {
      allowed.retainAll(caller.tokenAccess().getOrDefault(repository.value(), Set.of()));
    }
    return allowed;
  }

  public boolean may(Caller caller, RepositoryName repository, Action action) {
    return allowed(caller, repository).contains(action);
  }

  /** Throws 401 or 403, with a challenge naming the scope needed, unless {@code caller} may do {@code action}. */
  public void require(Caller caller, RepositoryName repository, Action action, String realm) {
    if (action != Action.PULL && org.arca.registry.sif.SifMirror.isMirror(repository)) {
      throw org.arca.registry.sif.SifMirror.readOnly(repository);
    }
    if (action != Action.PULL && org.arca.registry.compose.ComposedOnPull.isComposed(repository)) {
      throw org.arca.registry.compose.ComposedOnPull.readOnly(repository);
    }
    if (may(caller, repository, action)) {
      return;
    }
    Scope scope = new Scope(repository, action == Action.PULL ? EnumSet.of(Action.PULL)
        : EnumSet.of(Action.PULL, action));
    if (caller.isAnonymous()) {
      throw unauthorized("authentication required to " + action.wireName() + " " + repository, realm, scope);
    }
    throw new RegistryException(OciError.DENIED, "requested access to " + repository + " is denied: it does not exist,"
        + " or " + caller.name() + " may not " + action.wireName() + " it")
        .withHeader("WWW-Authenticate", challenge(realm, scope, "insufficient_scope"));
  }

  /** What the token endpoint grants {@code caller} for the scopes it asked for. */
  public Map<String, Set<Action>> grant(Caller caller, List<Scope> scopes) {
    Map<String, Set<Action>> granted = new LinkedHashMap<>();
    for (Scope scope : scopes) {
      Set<Action> actions = EnumSet.noneOf(Action.class);
      actions.addAll(scope.actions());
      actions.retainAll(allowed(caller, scope.repository()));
      granted.merge(scope.repository().value(), actions, (a, b) -> {
        Set<Action> merged = EnumSet.noneOf(Action.class);
        merged.addAll(a);
        merged.addAll(b);
        return merged;
      });
    }
    return granted;
  }

  public RegistryException unauthorized(String message, String realm, Scope scope) {
    return new RegistryException(OciError.UNAUTHORIZED, message)
        .withHeader("WWW-Authenticate", challenge(realm, scope, null));
  }

  private String challenge(String realm, Scope scope, String error) {
    StringBuilder challenge = new StringBuilder("Bearer realm=\"").append(realm).append("\",service=\"")
        .append(config.service()).append('"');
    if (scope != null) {
      challenge.append(",scope=\"").append(scope.wireText()).append('"');
    }
    if (error != null) {
      challenge.append(",error=\"").append(error).append('"');
    }
    return challenge.toString();
  }

  private Optional<Caller> password(String user, String password) {
    Optional<Account> account = database.read(c -> accounts.account(c, user));
    if (account.isEmpty() || !account.get().isUser() || account.get().disabled()) {
      hasher.checkWithoutAccount(password);
      return Optional.empty();
    }
    if (!hasher.matches(password, account.get().passwordHash())) {
      return Optional.empty();
    }
    return Optional.of(Caller.of(user, Caller.Kind.USER, account.get().role(), Caller.Credential.PASSWORD));
  }

  private Optional<Caller> robot(String name, String token) {
    Optional<Robot> robot = database.read(c -> accounts.robot(c, name));
    if (robot.isEmpty() || !robot.get().isUsable(clock.instant())
        || !PasswordHasher.constantTimeEquals(robot.get().tokenHash(), PasswordHasher.sha256(token))) {
      return Optional.empty();
    }
    return Optional.of(Caller.of(name, Caller.Kind.ROBOT, null, Caller.Credential.ROBOT_TOKEN));
  }
}
