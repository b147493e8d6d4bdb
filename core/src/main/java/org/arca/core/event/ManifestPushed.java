package org.arca.core.event;

import java.time.Instant;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;

/**
 * A manifest was stored in a repository (pushed by tag or by digest).
 *
 * @param tag the tag it was pushed under, or null when pushed by digest
 * @param artifactType the artifact type a referrers listing shows for it, or null
 * @param subject the digest of its {@code subject}, or null
 * @param pusher who pushed it: an account name, or {@code anonymous}
 * @param userAgent the client's {@code User-Agent}, or null
 */
public record ManifestPushed(
    RepositoryName repository,
    Digest digest,
    String mediaType,
    String tag,
    String artifactType,
    Digest subject,
    String pusher,
    String userAgent,
    Instant at) implements RegistryEvent {}
