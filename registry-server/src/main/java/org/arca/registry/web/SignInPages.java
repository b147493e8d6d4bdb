package org.arca.registry.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.arca.core.RegistryException;
import org.arca.registry.auth.Callers;
import org.arca.registry.auth.PasswordHasher;
import org.arca.web.PageRenderer;

/**
 * {@code /signin} and {@code /signout}: a form that begins a session ({@link WebSessions}), and a form that ends it.
 *
 * <p>The sign-in form has no session to hold a form token yet, so it carries a token that is also in a short-lived
 * SameSite=Strict cookie (double submit): another site's page can post user name and password, but cannot know the
 * token, and so cannot sign a visitor in to the attacker's account (login CSRF).
 */
@Hidden // HTML forms for browsers, not part of the JSON API that docs/api/openapi.yml describes
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class SignInPages {
  static final String SIGN_IN_COOKIE = "arca_signin";
  /** Where a sign-in may return to: a path on this site, never {@code //host} or a URL of another site. */
  private static final Pattern LOCAL_PATH = Pattern.compile("/(?![/\\\\])[A-Za-z0-9._~!$&'()*+,;=:@%/?-]{0,500}");

  private final WebSessions sessions;
  private final PasswordHasher hasher;
  private final PageRenderer pages;

  SignInPages(WebSessions sessions, PasswordHasher hasher, PageRenderer pages) {
    this.sessions = sessions;
    this.hasher = hasher;
    this.pages = pages;
  }

  @Get(uri = "/signin", produces = MediaType.TEXT_HTML)
  HttpResponse<String> form(HttpRequest<?> request, @Nullable @QueryValue String next) {
    return signInPage(request, HttpStatus.OK, next, null);
  }

  @Post(uri = "/signin", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
  HttpResponse<String> signIn(HttpRequest<?> request, @Nullable String user, @Nullable String password,
      @Nullable String token, @Nullable String next) {
    String expected = request.getCookies().findCookie(SIGN_IN_COOKIE).map(Cookie::getValue).orElse(null);
    if (expected == null || token == null || !PasswordHasher.constantTimeEquals(expected, token)) {
      return signInPage(request, HttpStatus.FORBIDDEN, next,
          "This sign-in form has expired or did not come from this site. Please try again.");
    }
    if (user == null || user.isBlank() || password == null || password.isEmpty()) {
      return signInPage(request, HttpStatus.BAD_REQUEST, next, "Enter your user name and your password.");
    }
    WebSessions.WebSession session;
    try {
      session = sessions.signIn(user.strip(), password, Callers.address(request), "");
    } catch (RegistryException e) {
      // the same words as /auth/token: an unknown name and a wrong password read alike
      return signInPage(request, HttpStatus.valueOf(e.status()), next, e.getMessage() + ".");
    }
    return HttpResponse.<String>seeOther(URI.create(safeNext(next)))
        .cookie(sessions.cookie(request, session.id(), sessions.ttl()))
        .cookie(signInCookie(request, "", Duration.ZERO));
  }

  @Post(uri = "/signout", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
  HttpResponse<String> signOut(HttpRequest<?> request, @Nullable String token) {
    sessions.requireForm(request, token);
    sessions.signOut(request, Callers.address(request));
    return HttpResponse.<String>seeOther(URI.create("/")).cookie(sessions.cookie(request, "", Duration.ZERO));
  }

  private MutableHttpResponse<String> signInPage(HttpRequest<?> request, HttpStatus status, String next,
      String error) {
    String token = hasher.newToken();
    Map<String, Object> model = WebModel.of(request, "Sign in – Arca");
    model.put("token", token);
    model.put("next", safeNext(next));
    model.put("error", error);
    return WebModel.noStore(pages.page(request, status, "web/signin", model))
        .cookie(signInCookie(request, token, Duration.ofHours(1)));
  }

  private Cookie signInCookie(HttpRequest<?> request, String value, Duration maxAge) {
    return Cookie.of(SIGN_IN_COOKIE, value).path("/signin").httpOnly(true).sameSite(SameSite.Strict)
        .secure(sessions.overHttps(request)).maxAge(maxAge);
  }

  static String safeNext(String next) {
    return next != null && LOCAL_PATH.matcher(next).matches() ? next : "/account";
  }
}
