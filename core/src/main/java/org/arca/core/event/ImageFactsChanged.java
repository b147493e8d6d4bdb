package org.arca.core.event;

import java.time.Instant;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;

/**
 * A feature changed what it knows about an image without changing the image: a DOI was minted or withdrawn, a
 * curator vetted it, a SIF was built. Other features (search) refresh what they derived from those facts.
 *
 * @param fact what changed, e.g. {@code doi}, {@code vetted}, {@code sif}
 */
public record ImageFactsChanged(RepositoryName repository, Digest digest, String fact, Instant at)
    implements RegistryEvent {}
