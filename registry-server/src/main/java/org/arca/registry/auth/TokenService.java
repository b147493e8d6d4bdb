package org.arca.registry.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jwt.JWTClaimsSet;
import jakarta.inject.Singleton;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Issues and checks the registry's signed tokens: short-lived access tokens carrying per-repository actions (the
 * Docker token format, {@code access: [{type, name, actions}]}) and long-lived refresh tokens that stand for a
 * login.
 */
@Singleton
public class TokenService {
  static final String ISSUER = "arca";
  private static final String TYPE_CLAIM = "arca_type";
  private static final String KIND_CLAIM = "arca_kind";
  private static final String ROLE_CLAIM = "arca_role";
  private static final String VERSION_CLAIM = "arca_cv";
  private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

  private final SigningKeys keys;
  private final AuthConfiguration config;
  private final Clock clock;
  /** Verified tokens by their text: an ES256 check per request would cost more than the request. */
  private final Cache<String, Caller> verified = Caffeine.newBuilder().maximumSize(20_000)
      .expireAfterWrite(Duration.ofMinutes(1)).build();

  public TokenService(SigningKeys keys, AuthConfiguration config, Clock clock) {
    this.keys = keys;
    this.config = config;
    this.clock = clock;
  }

  /** A signed access token for {@code caller} granting {@code access}. */
  public Issued issueAccess(Caller caller, Map<String, Set<Action>> access) {
    Instant now = clock.instant();
    List<Map<String, Object>> claims = new ArrayList<>();
    access.forEach((repository, actions) -> {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("type", "repository");
      entry.put("name", repository);
      entry.put("actions", actions.stream().sorted().map(Action::wireName).toList());
      claims.add(entry);
    });
    JWTClaimsSet.Builder builder = base(caller, now, now.plus(config.tokenTtl()))
        .claim(TYPE_CLAIM, "access")
        .claim("access", claims);
    return new Issued(keys.sign(builder.build()), now, config.tokenTtl());
  }

  /** A signed refresh token for a user, valid until the password changes or it expires. */
  public String issueRefresh(String user, int credentialsVersion) {
    Instant now = clock.instant();
    return keys.sign(base(Caller.of(user, Caller.Kind.USER, null, Caller.Credential.PASSWORD), now, now.plus(config.refreshTokenTtl()))
        .claim(TYPE_CLAIM, "refresh")
        .claim(VERSION_CLAIM, credentialsVersion)
        .build());
  }

  /** The caller an access token stands for, with the actions it grants, or empty when it is not valid here. */
  public Optional<Caller> verifyAccess(String token) {
    Caller cached = verified.getIfPresent(token);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<JWTClaimsSet> claims = valid(token, "access");
    if (claims.isEmpty()) {
      return Optional.empty();
    }
    try {
      JWTClaimsSet set = claims.get();
      Map<String, Set<Action>> access = new LinkedHashMap<>();
      Object list = set.getClaim("access");
      if (list instanceof List<?> entries) {
        for (Object entry : entries) {
          if (entry instanceof Map<?, ?> map && "repository".equals(map.get("type"))
              && map.get("name") instanceof String name && map.get("actions") instanceof List<?> actions) {
            Set<Action> granted = EnumSet.noneOf(Action.class);
            actions.forEach(a -> granted.addAll(Action.parseList(String.valueOf(a))));
            access.merge(name, granted, (a, b) -> {
              Set<Action> merged = EnumSet.copyOf(a);
              merged.addAll(b);
              return merged;
            });
          }
        }
      }
      String role = set.getStringClaim(ROLE_CLAIM);
      Caller.Kind kind = Caller.Kind.valueOf(set.getStringClaim(KIND_CLAIM));
      if (kind == Caller.Kind.OPEN) {
        return Optional.empty(); // issued in open mode; with authentication on it proves nothing
      }
      Caller caller = new Caller(set.getSubject(), kind, role == null ? null : Role.valueOf(role),
          Caller.Credential.REGISTRY_TOKEN, Map.copyOf(access));
      // Cache no longer than the token lives.
      if (set.getExpirationTime().toInstant().isAfter(clock.instant().plus(Duration.ofMinutes(1)))) {
        verified.put(token, caller);
      }
      return Optional.of(caller);
    } catch (ParseException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The user and credentials version a refresh token stands for, or empty. */
  public Optional<RefreshGrant> verifyRefresh(String token) {
    return valid(token, "refresh").flatMap(set -> {
      try {
        Long version = set.getLongClaim(VERSION_CLAIM);
        return version == null ? Optional.empty() : Optional.of(new RefreshGrant(set.getSubject(), version.intValue()));
      } catch (ParseException e) {
        return Optional.empty();
      }
    });
  }

  /** A refresh token's user and the credentials version it was issued under. */
  public record RefreshGrant(String user, int credentialsVersion) {}

  /** A token with its issue time and lifetime, as the token endpoint answers it. */
  public record Issued(String token, Instant issuedAt, Duration expiresIn) {}

  private JWTClaimsSet.Builder base(Caller caller, Instant now, Instant expires) {
    JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(config.service())
        .subject(caller.name())
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now.minusSeconds(1)))
        .expirationTime(Date.from(expires))
        .jwtID(UUID.randomUUID().toString())
        .claim(KIND_CLAIM, caller.kind().name());
    if (caller.role() != null) {
      builder.claim(ROLE_CLAIM, caller.role().name());
    }
    return builder;
  }

  private Optional<JWTClaimsSet> valid(String token, String type) {
    return keys.verify(token).filter(set -> {
      try {
        Instant now = clock.instant();
        return ISSUER.equals(set.getIssuer())
            && set.getAudience() != null && set.getAudience().contains(config.service())
            && type.equals(set.getStringClaim(TYPE_CLAIM))
            && set.getSubject() != null
            && set.getExpirationTime() != null && now.isBefore(set.getExpirationTime().toInstant().plus(CLOCK_SKEW))
            && (set.getNotBeforeTime() == null || !now.plus(CLOCK_SKEW).isBefore(set.getNotBeforeTime().toInstant()));
      } catch (ParseException e) {
        return false;
      }
    });
  }
}
