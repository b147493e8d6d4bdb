package org.arca.registry.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.registry.account.Account;
import org.arca.registry.account.AccountStore;
import org.arca.registry.audit.AuditLog;
import org.arca.registry.auth.Caller;
import org.arca.registry.auth.Callers;
import org.arca.registry.auth.Gatekeeper;
import org.arca.registry.auth.PageSessions;
import org.arca.registry.auth.PasswordHasher;
import org.arca.registry.metadata.Database;

/**
 * Signing in to the web pages: a server-side session in the database, named by a random id in an HttpOnly cookie.
 *
 * <p>Server-side rather than a signed token, because signing out, disabling an account and changing its password
 * must end a session at once, on every instance; a signed token stays valid until it expires unless every instance
 * keeps a list of revoked ones, which is a session table by another name. The password is checked exactly as
 * {@code /auth/token} and Basic authentication check it ({@link Gatekeeper#login}): the same timing for unknown
 * names, the same throttle, the same audit entry.
 *
 * <p>A session proves what the password proved at sign-in, so its caller has the account's whole access. It is read
 * only on the pages (never on {@code /v2/} or {@code /api/}, where a cookie sent by another site's form would act
 * without the user), and every page's POST must carry the session's form token ({@link #requireForm}).
 */
@Singleton
public class WebSessions implements PageSessions {
  static final String COOKIE = "arca_session";
  private static final String ATTRIBUTE = "arca.web-session";

  private final Gatekeeper gatekeeper;
  private final Database database;
  private final AccountStore accounts;
  private final WebSessionStore store;
  private final PasswordHasher hasher;
  private final AuditLog audit;
  private final WebSessionConfiguration config;
  private final Clock clock;

  WebSessions(Gatekeeper gatekeeper, Database database, AccountStore accounts, WebSessionStore store,
      PasswordHasher hasher, AuditLog audit, WebSessionConfiguration config, Clock clock) {
    this.gatekeeper = gatekeeper;
    this.database = database;
    this.accounts = accounts;
    this.store = store;
    this.hasher = hasher;
    this.audit = audit;
    this.config = config;
    this.clock = clock;
  }

  /** A session: its id (the cookie's value, known only to the browser), who it is, and its form token. */
  record WebSession(String id, Caller caller, String formToken) {}

  /**
   * Checks the password and begins a session. Wrong credentials throw {@code UNAUTHORIZED}, too many of them
   * {@code TOOMANYREQUESTS}, as on {@code /auth/token}.
   */
  WebSession signIn(String user, String password, String address, String realm) {
    if (user.contains("+")) {
      throw new RegistryException(OciError.UNAUTHORIZED, "robots push and pull; sign in to the pages as a user");
    }
    Caller caller = gatekeeper.login(user, password, address, realm);
    Instant now = clock.instant();
    String id = hasher.newToken();
    String formToken = hasher.newToken();
    Account account = database.read(c -> accounts.account(c, user)).orElseThrow();
    database.write(c -> {
      store.deleteExpired(c, now);
      store.insert(c, PasswordHasher.sha256(id), account.id(), account.credentialsVersion(), formToken, now,
          now.plus(config.ttl()));
      return null;
    });
    audit.success(user, "web.signin", user, null, address);
    return new WebSession(id, caller, formToken);
  }

  /** Ends the session of the request, if it has one. */
  void signOut(HttpRequest<?> request, String address) {
    current(request).ifPresent(session -> {
      database.write(c -> store.delete(c, PasswordHasher.sha256(session.id())));
      audit.success(session.caller().name(), "web.signout", session.caller().name(), null, address);
    });
  }

  /**
   * The live session a cookie names: not expired, its account a user that is not disabled, and the password not
   * changed since.
   */
  Optional<WebSession> find(String id) {
    if (id == null || id.isBlank() || id.length() > 100) {
      return Optional.empty();
    }
    return database.read(c -> {
      Optional<WebSessionStore.Row> row = store.find(c, PasswordHasher.sha256(id), clock.instant());
      if (row.isEmpty()) {
        return Optional.<WebSession>empty();
      }
      return accounts.account(c, row.get().account())
          .filter(a -> a.isUser() && !a.disabled() && a.credentialsVersion() == row.get().credentialsVersion())
          .map(a -> new WebSession(id, Caller.of(a.name(), Caller.Kind.USER, a.role(), Caller.Credential.PASSWORD),
              row.get().formToken()));
    });
  }

  /**
   * The caller of the session the request's cookie names, on the pages only: {@code /v2/}, {@code /api/} and the
   * downloads ignore the cookie, so that another site's form or script cannot use it there.
   */
  @Override
  public Optional<Caller> resume(HttpRequest<?> request) {
    String path = request.getPath();
    if (!(path.equals("/") || path.equals("/search") || path.startsWith("/search/") || path.startsWith("/r/")
        || path.equals("/signin") || path.equals("/signout") || path.equals("/account")
        || path.startsWith("/account/") || path.equals("/curator") || path.startsWith("/curator/"))) {
      return Optional.empty();
    }
    Optional<WebSession> session = request.getCookies().findCookie(COOKIE).flatMap(c -> find(c.getValue()));
    session.ifPresent(s -> request.setAttribute(ATTRIBUTE, s));
    return session.map(WebSession::caller);
  }

  /** The session the request's cookie resumed, if any. */
  Optional<WebSession> current(HttpRequest<?> request) {
    return request.getAttribute(ATTRIBUTE, WebSession.class);
  }

  /**
   * The caller of a page's POST: the session's, when the form carried the session's form token. Anything else is
   * refused, so that another site's page cannot make a signed-in browser act (a synchronizer token: the token is in
   * the server's session and in the page's forms, never in a cookie).
   */
  Caller requireForm(HttpRequest<?> request, String formToken) {
    WebSession session = current(request)
        .orElseThrow(() -> new FormRefused("you are not signed in, or your session has ended; sign in again"));
    if (formToken == null || !PasswordHasher.constantTimeEquals(session.formToken(), formToken)) {
      throw new FormRefused("this form did not come from a page of this session; reload the page and try again");
    }
    return Callers.of(request);
  }

  /** The session cookie: HttpOnly, SameSite=Lax, and Secure whenever the browser reached us over HTTPS. */
  Cookie cookie(HttpRequest<?> request, String value, Duration maxAge) {
    return Cookie.of(COOKIE, value).path("/").httpOnly(true).sameSite(SameSite.Lax).secure(overHttps(request))
        .maxAge(maxAge);
  }

  Duration ttl() {
    return config.ttl();
  }

  /** TLS to this server, or {@code X-Forwarded-Proto: https} from a proxy the operator trusts. */
  boolean overHttps(HttpRequest<?> request) {
    if (request.isSecure()) {
      return true;
    }
    String proto = request.getHeaders().get("X-Forwarded-Proto");
    return proto != null && proto.strip().toLowerCase(Locale.ROOT).startsWith("https")
        && config.trustedProxies().contains(Callers.address(request));
  }

  /** A page's form that is refused: answered 403 with a page that says why. */
  static final class FormRefused extends RuntimeException {
    FormRefused(String message) {
      super(message);
    }
  }
}
