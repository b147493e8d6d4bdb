package org.arca.registry.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicInteger;
import org.arca.core.OciError;
import org.arca.core.RegistryException;

/**
 * Slows down password guessing: after too many failed logins for one user from one address within the window,
 * further attempts are answered 429 TOOMANYREQUESTS until the window passes, whether the password is right or not.
 * Counted per instance.
 */
@Singleton
public class LoginThrottle {
  private final int limit;
  private final Cache<String, AtomicInteger> failures;
  private final long windowSeconds;

  public LoginThrottle(AuthConfiguration config) {
    this.limit = config.maxFailedLogins();
    this.windowSeconds = config.failedLoginWindow().toSeconds();
    this.failures = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(config.failedLoginWindow()).build();
  }

  /** Refuses the attempt when this user and address failed too often lately. */
  public void check(String user, String address) {
    AtomicInteger count = failures.getIfPresent(key(user, address));
    if (count != null && count.get() >= limit) {
      throw new RegistryException(OciError.TOOMANYREQUESTS, "too many failed logins for " + user
          + "; try again in a few minutes").withHeader("Retry-After", Long.toString(windowSeconds));
    }
  }

  public void failed(String user, String address) {
    failures.asMap().computeIfAbsent(key(user, address), k -> new AtomicInteger()).incrementAndGet();
  }

  public void succeeded(String user, String address) {
    failures.invalidate(key(user, address));
  }

  private static String key(String user, String address) {
    return user + "\u0000" + address;
  }
}
