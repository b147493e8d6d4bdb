package org.arca.registry.api;

import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.arca.core.Reference;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.registry.compose.ComposedOnPull;
import org.arca.registry.manifest.AcceptedTypes;
import org.arca.registry.manifest.ManifestService;
import org.arca.registry.manifest.ServedManifest;
import org.arca.registry.manifest.TagPage;
import org.arca.registry.retention.PullStatistics;
import org.arca.registry.sif.SifMirror;

/**
 * What a manifest GET/HEAD or a tags listing answers, shared by the Micronaut controllers and the Netty read path:
 * the full answer (which may read the database), and the answer from memory alone for the event loop.
 */
@Singleton
public class ManifestReads {
  private final ManifestService manifests;
  private final SifMirror sifs;
  private final PullStatistics pulls;
  private final ComposedOnPull composedOnPull;

  public ManifestReads(ManifestService manifests, SifMirror sifs, PullStatistics pulls,
      ComposedOnPull composedOnPull) {
    this.manifests = manifests;
    this.sifs = sifs;
    this.pulls = pulls;
    this.composedOnPull = composedOnPull;
  }

  /** Counts a GET that answered {@code manifest} (never a HEAD: see {@link PullStatistics}); costs no database call. */
  public void pulled(String name, String reference, ServedManifest manifest) {
    pulls.pulled(RepositoryName.parse(name), reference, manifest.digest());
  }

  public ServedManifest find(String name, String reference, List<String> acceptHeaders) {
    RepositoryName repository = Names.repository(name);
    // A malformed tag is answered 400 MANIFEST_INVALID, as a malformed digest is answered 400 DIGEST_INVALID: the
    // client learns that the reference can never name anything, and why, rather than that it is merely unknown
    Reference ref = Reference.parse(reference);
    if (SifMirror.isMirror(repository)) {
      return sifs.manifest(SifMirror.source(repository), ref);
    }
    if (ComposedOnPull.isComposed(repository)) {
      composedOnPull.composeIfMissing(repository, ref); // the first pull of a composed name makes it
    }
    return manifests.get(repository, ref, AcceptedTypes.parse(acceptHeaders));
  }

  /** The answer from memory, or empty when the full path must answer (including every error). */
  public Optional<ServedManifest> findCached(String name, String reference, List<String> acceptHeaders) {
    if (!RepositoryName.isValid(name)) {
      return Optional.empty();
    }
    RepositoryName repository = RepositoryName.parse(name);
    if (SifMirror.isMirror(repository)) {
      return Optional.empty();
    }
    Reference ref;
    try {
      ref = Reference.parse(reference);
    } catch (RegistryException e) {
      return Optional.empty();
    }
    return manifests.getCached(repository, ref, AcceptedTypes.parse(acceptHeaders));
  }

  public TagPage tags(RepositoryName repository, Integer n, String last) {
    return manifests.tags(source(repository), n, last);
  }

  public Optional<TagPage> tagsCached(RepositoryName repository, Integer n, String last) {
    return SifMirror.isMirror(repository) ? Optional.empty() : manifests.tagsCached(repository, n, last);
  }

  /** The tags listing body, {@code {"name":…,"tags":[…]}}. */
  public static byte[] tagsBody(RepositoryName repository, TagPage page) {
    var body = org.arca.core.image.OciJson.MAPPER.createObjectNode();
    body.put("name", repository.value());
    var list = body.putArray("tags");
    page.items().forEach(list::add);
    return org.arca.core.image.OciJson.bytes(body);
  }

  /** The {@code Link} to the next page of tags, or null. */
  public static String tagsLink(RepositoryName repository, TagPage page) {
    return page.next() == null ? null
        : Links.next("/v2/" + repository + "/tags/list", page.items().size(), page.next());
  }

  /** The page size query parameter, checked as the controllers check it. */
  public static Integer pageSize(String n) {
    return Names.pageSize(n);
  }

  private static RepositoryName source(RepositoryName repository) {
    return SifMirror.isMirror(repository) ? SifMirror.source(repository) : repository;
  }
}
