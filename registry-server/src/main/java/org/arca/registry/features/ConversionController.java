package org.arca.registry.features;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.arca.converter.job.ConversionKey;
import org.arca.converter.job.ConversionTrigger;
import org.arca.core.Digest;
import org.arca.core.OciError;
import org.arca.core.Reference;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.core.access.AcceptedCredentials;
import org.arca.core.access.AcceptedCredentials.Credential;
import org.arca.core.job.JobQueue;
import org.arca.core.job.JobState;
import org.arca.core.job.JobStatus;
import org.arca.registry.auth.Action;
import org.arca.registry.auth.AuthConfiguration;
import org.arca.registry.auth.Caller;
import org.arca.registry.auth.Callers;
import org.arca.registry.auth.Gatekeeper;
import org.arca.registry.auth.Realm;
import org.arca.registry.manifest.ManifestService;

/**
 * The state of SIF conversions (queued, running, done, failed with a reason) per image, and requests to convert or
 * re-convert an image.
 */
@Tag(name = "SIF")
@Controller("/api/v1/sif/conversions")
@Requires(property = "arca.converter.enabled", notEquals = "false")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ConversionController {
  private final JobQueue jobs;
  private final ConversionTrigger trigger;
  private final Gatekeeper gatekeeper;
  private final ManifestService manifests;
  private final AuthConfiguration auth;

  public ConversionController(JobQueue jobs, ConversionTrigger trigger, Gatekeeper gatekeeper,
      ManifestService manifests, AuthConfiguration auth) {
    this.jobs = jobs;
    this.trigger = trigger;
    this.gatekeeper = gatekeeper;
    this.manifests = manifests;
    this.auth = auth;
  }

  /**
   * One image's conversion.
   *
   * @param sif once done, the digest of the SIF file itself: what {@code sha256sum} of a download gives and its
   *     {@code Docker-Content-Digest} says, after a first conversion and a re-conversion alike (never the digest of
   *     the OCI artifact manifest that holds the file)
   * @param error why it failed
   */
  @Serdeable
  public record Conversion(String repository, String digest, String state, int attempts, @Nullable String sif,
      @Nullable String error, Instant updatedAt, @Nullable Instant nextAttemptAt) {
    static Conversion of(JobStatus job) {
      ConversionKey key = ConversionKey.parse(job.key());
      return new Conversion(key.repository().value(), key.digest().toString(),
          job.state().name().toLowerCase(Locale.ROOT), job.attempts(),
          job.state() == JobState.DONE ? job.result() : null, job.error(), job.updatedAt(),
          job.state() == JobState.QUEUED ? job.nextRunAt() : null);
    }
  }

  /** Asks for the conversion of an image (by tag or digest; an index converts each platform). */
  @Serdeable
  public record ConversionRequest(String repository, String reference, @Nullable Boolean again) {}

  /** Conversions of one repository (readers of it may look), or of all (curators). Newest first. */
  @Get
  @AcceptedCredentials({Credential.PASSWORD, Credential.ROBOT_TOKEN, Credential.REGISTRY_TOKEN})
  public List<Conversion> list(HttpRequest<?> request, @Nullable @QueryValue String repository,
      @Nullable @QueryValue String state, @Nullable @QueryValue Integer limit) {
    Caller caller = Callers.of(request);
    String prefix = null;
    if (repository != null) {
      RepositoryName name = RepositoryName.parse(repository);
      gatekeeper.require(caller, name, Action.PULL, realm(request));
      prefix = name.value() + "@";
    } else if (!caller.isCurator() && caller.kind() != Caller.Kind.OPEN) {
      throw new RegistryException(OciError.DENIED, "name a repository (?repository=...); only curators list all");
    }
    JobState filter = state == null ? null : JobState.valueOf(state.toUpperCase(Locale.ROOT));
    int max = Math.min(limit == null ? 100 : Math.max(1, limit), 1000);
    return jobs.list(ConversionKey.KIND, filter, prefix, max).stream().map(Conversion::of).toList();
  }

  /** Enqueues the conversion of an image; {@code again} re-converts one that is done or failed. */
  @Post
  @AcceptedCredentials({Credential.PASSWORD, Credential.ROBOT_TOKEN})
  @SecurityRequirement(name = "basic")
  @SecurityRequirement(name = "robot")
  public HttpResponse<List<Conversion>> request(HttpRequest<?> request, @Body ConversionRequest body) {
    Caller caller = Callers.of(request);
    RepositoryName repository = RepositoryName.parse(body.repository());
    if (!caller.isCurator()) {
      gatekeeper.require(caller, repository, Action.PUSH, realm(request));
    }
    Reference reference = Reference.parse(body.reference());
    long id = manifests.repositoryId(repository).orElseThrow(() -> unknown(repository, reference));
    Digest digest = manifests.resolve(repository, id, reference).orElseThrow(() -> unknown(repository, reference));
    trigger.enqueueImagesOf(repository, digest, Boolean.TRUE.equals(body.again()));
    List<Conversion> conversions = jobs.list(ConversionKey.KIND, null, repository.value() + "@", 1000).stream()
        .filter(job -> trigger.imagesOf(repository, digest).contains(ConversionKey.parse(job.key()).digest()))
        .map(Conversion::of)
        .toList();
    return HttpResponse.accepted().body(conversions);
  }

  private String realm(HttpRequest<?> request) {
    return Realm.of(auth, name -> request.getHeaders().get(name));
  }

  private static RegistryException unknown(RepositoryName repository, Reference reference) {
    return new RegistryException(OciError.MANIFEST_UNKNOWN, "manifest " + reference + " is not in " + repository);
  }
}
