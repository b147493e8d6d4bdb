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
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.registry.account.AccountService;
import org.arca.registry.account.OrgRole;
import org.arca.registry.account.Robot;
import org.arca.registry.auth.Action;
import org.arca.registry.auth.Caller;
import org.arca.registry.auth.Callers;
import org.arca.registry.auth.Permissions;
import org.arca.web.PageRenderer;

/**
 * {@code /account}: the signed-in user's robots (in its namespace and the organizations it owns: create, list,
 * revoke) and organizations (members; owners add, change and remove them). Every action is the one the JSON API
 * offers ({@code /api/v1/namespaces/{ns}/robots}, {@code /api/v1/organizations/{org}/members}), done by the same
 * {@link AccountService} calls, which check the caller's rights and write the audit log. Forms post without
 * JavaScript, each with the session's form token, and answer with a redirect back to the page (post, redirect,
 * get), except a new robot's, whose token is shown on the answer once.
 */
@Hidden // HTML forms for browsers, not part of the JSON API that docs/api/openapi.yml describes
@Controller("/account")
@ExecuteOn(TaskExecutors.BLOCKING)
class AccountPages {
  private final WebSessions sessions;
  private final AccountService accounts;
  private final Permissions permissions;
  private final PageRenderer pages;
  private final Clock clock;

  AccountPages(WebSessions sessions, AccountService accounts, Permissions permissions, PageRenderer pages,
      Clock clock) {
    this.sessions = sessions;
    this.accounts = accounts;
    this.permissions = permissions;
    this.pages = pages;
    this.clock = clock;
  }

  @Get(produces = MediaType.TEXT_HTML)
  HttpResponse<String> account(HttpRequest<?> request) {
    Optional<WebSessions.WebSession> session = sessions.current(request);
    if (session.isEmpty()) {
      return HttpResponse.seeOther(URI.create("/signin?next=/account"));
    }
    return page(request, session.get(), HttpStatus.OK, null, null);
  }

  @Post(uri = "/robots", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
  HttpResponse<String> createRobot(HttpRequest<?> request, @Nullable String token, @Nullable String namespace,
      @Nullable String name, @Nullable String pull, @Nullable String push, @Nullable String delete,
      @Nullable String expires, @Nullable String description) {
    Caller caller = sessions.requireForm(request, token);
    WebSessions.WebSession session = sessions.current(request).orElseThrow();
    EnumSet<Action> actions = EnumSet.noneOf(Action.class);
    if (pull != null) {
      actions.add(Action.PULL);
    }
    if (push != null) {
      actions.add(Action.PUSH);
    }
    if (delete != null) {
      actions.add(Action.DELETE);
    }
    try {
      AccountService.NewRobot robot = accounts.createRobot(caller, Callers.address(request), required(namespace),
          required(name), actions, null, expiry(expires), description == null || description.isBlank() ? null
              : description.strip());
      return page(request, session, HttpStatus.CREATED, null,
          Map.of("name", robot.robot().name(), "token", robot.token()));
    } catch (RegistryException e) {
      return page(request, session, HttpStatus.valueOf(e.status()), "Creating the robot failed: " + e.getMessage(),
          null);
    }
  }

  @Post(uri = "/robots/revoke", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
  HttpResponse<String> revokeRobot(HttpRequest<?> request, @Nullable String token, @Nullable String robot) {
    Caller caller = sessions.requireForm(request, token);
    return act(request, "Revoking the robot failed: ",
        () -> accounts.revokeRobot(caller, Callers.address(request), required(robot)));
  }

  @Post(uri = "/members", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
  HttpResponse<String> setMember(HttpRequest<?> request, @Nullable String token, @Nullable String organization,
      @Nullable String member, @Nullable String role) {
    Caller caller = sessions.requireForm(request, token);
    return act(request, "Changing the members failed: ", () -> accounts.setMember(caller, Callers.address(request),
        required(organization), required(member), OrgRole.parse(role)));
  }

  @Post(uri = "/members/remove", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
  HttpResponse<String> removeMember(HttpRequest<?> request, @Nullable String token, @Nullable String organization,
      @Nullable String member) {
    Caller caller = sessions.requireForm(request, token);
    return act(request, "Removing the member failed: ", () -> accounts.removeMember(caller,
        Callers.address(request), required(organization), required(member)));
  }

  /** Runs a change and redirects back to the page; a refused change is shown on the page with the service's words. */
  private HttpResponse<String> act(HttpRequest<?> request, String failure, Runnable change) {
    try {
      change.run();
      return HttpResponse.seeOther(URI.create("/account"));
    } catch (RegistryException e) {
      return page(request, sessions.current(request).orElseThrow(), HttpStatus.valueOf(e.status()),
          failure + e.getMessage(), null);
    }
  }

  private MutableHttpResponse<String> page(HttpRequest<?> request, WebSessions.WebSession session,
      HttpStatus status, String error, Map<String, String> newRobot) {
    Caller caller = session.caller();
    Map<String, Object> model = WebModel.of(request, "Account – Arca");
    model.put("token", session.formToken());
    model.put("name", caller.name());
    model.put("role", caller.role() == null ? "" : caller.role().wireName());
    model.put("curator", caller.isCurator());
    model.put("error", error);
    model.put("newRobot", newRobot);
    Map<String, OrgRole> organizations = permissions.organizationsOf(caller.name());
    List<String> owned = new ArrayList<>();
    owned.add(caller.name());
    organizations.forEach((org, role) -> {
      if (role == OrgRole.OWNER) {
        owned.add(org);
      }
    });
    model.put("namespaces", owned);
    List<Map<String, Object>> robots = new ArrayList<>();
    Instant now = clock.instant();
    for (String namespace : owned) {
      for (Robot robot : accounts.robots(caller, namespace)) {
        Map<String, Object> row = new HashMap<>();
        row.put("name", robot.name());
        row.put("actions", Action.toList(robot.actions()));
        row.put("namespaces", String.join(", ", robot.namespaces()));
        row.put("description", robot.description());
        row.put("expires", robot.expiresAt() == null ? "never" : robot.expiresAt().toString());
        row.put("state", robot.revokedAt() != null ? "revoked" : robot.isUsable(now) ? "active" : "expired");
        row.put("usable", robot.isUsable(now));
        robots.add(row);
      }
    }
    model.put("robots", robots);
    List<Map<String, Object>> orgs = new ArrayList<>();
    organizations.forEach((org, role) -> {
      List<Map<String, String>> members = new ArrayList<>();
      accounts.members(caller, org).forEach((member, memberRole) -> members.add(Map.of("name", member, "role",
          memberRole.wireName())));
      orgs.add(Map.of("name", org, "role", role.wireName(), "owner", role == OrgRole.OWNER || caller.isAdmin(),
          "members", members));
    });
    model.put("organizations", orgs);
    model.put("roles", List.of("reader", "writer", "owner"));
    return WebModel.noStore(pages.page(request, status, "web/account", model));
  }

  private static String required(String value) {
    if (value == null || value.isBlank()) {
      throw new RegistryException(OciError.NAME_INVALID, "a name is missing").withStatus(400);
    }
    return value.strip();
  }

  /** The end of the day a date names (UTC), or null for none. */
  private Instant expiry(String date) {
    if (date == null || date.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(date.strip()).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw new RegistryException(OciError.NAME_INVALID, "the expiry '" + date
          + "' is not a date like 2027-06-30").withStatus(400);
    }
  }
}
