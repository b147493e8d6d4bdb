package org.arca.registry.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Authentication settings.
 *
 * @param enabled false runs Arca in open mode: anyone may do anything (for local experiments and benchmarks only)
 * @param service the {@code service} named in challenges and carried in tokens as their audience
 * @param realm the token endpoint URL announced in challenges; by default derived from the request's host
 * @param tokenTtl how long an access token is valid
 * @param refreshTokenTtl how long a refresh token (from {@code docker login} and the OAuth2 form) is valid
 * @param defaultVisibility visibility of repositories in namespaces that did not choose: public or private
 * @param bcryptCost work factor of password hashes (each step doubles the time)
 * @param maxFailedLogins failed logins per user and address within {@code failedLoginWindow} before 429
 * @param failedLoginWindow the window in which failed logins count
 */
@ConfigurationProperties("arca.auth")
public record AuthConfiguration(
    @Bindable(defaultValue = "true") boolean enabled,
    @Bindable(defaultValue = "arca") String service,
    @Nullable String realm,
    @Bindable(defaultValue = "5m") Duration tokenTtl,
    @Bindable(defaultValue = "30d") Duration refreshTokenTtl,
    @Bindable(defaultValue = "public") String defaultVisibility,
    @Bindable(defaultValue = "11") int bcryptCost,
    @Bindable(defaultValue = "5") int maxFailedLogins,
    @Bindable(defaultValue = "5m") Duration failedLoginWindow) {}
