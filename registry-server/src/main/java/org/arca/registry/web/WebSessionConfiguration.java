package org.arca.registry.web;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import java.util.List;

/**
 * Sessions of the web pages.
 *
 * @param ttl how long a sign-in lasts; signing out ends it sooner
 * @param trustedProxies addresses of reverse proxies whose {@code X-Forwarded-Proto: https} makes the session cookie
 *     {@code Secure}; from any other address the header could be forged, so it is ignored
 */
@ConfigurationProperties("arca.web.session")
record WebSessionConfiguration(
    @Bindable(defaultValue = "12h") Duration ttl,
    @Bindable(defaultValue = "") List<String> trustedProxies) {}
