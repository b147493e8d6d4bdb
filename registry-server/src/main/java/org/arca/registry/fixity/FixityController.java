package org.arca.registry.fixity;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.arca.core.Digest;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.core.access.AcceptedCredentials;
import org.arca.core.access.AcceptedCredentials.Credential;
import org.arca.core.access.RequiresRole;
import org.arca.core.job.JobQueue;
import org.arca.core.job.JobStatus;
import org.arca.core.registry.RegistryCatalog;
import org.arca.registry.auth.Action;
import org.arca.registry.auth.Callers;
import org.arca.registry.auth.Gatekeeper;

/** Fixity over HTTP: fsck (administrators), the quarantine (curators), and the checks of an image (its readers). */
@Tag(name = "Fixity", description = "Consistency and fixity checks of the stored blobs, and the quarantine")
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
public class FixityController {
  private final Fsck fsck;
  private final FixityReports reports;
  private final JobQueue jobs;
  private final RegistryCatalog catalog;
  private final Gatekeeper gatekeeper;
  private final Release release;
  private final Repair repair;

  FixityController(Fsck fsck, FixityReports reports, JobQueue jobs, RegistryCatalog catalog, Gatekeeper gatekeeper,
      Release release, Repair repair) {
    this.repair = repair;
    this.release = release;
    this.fsck = fsck;
    this.reports = reports;
    this.jobs = jobs;
    this.catalog = catalog;
    this.gatekeeper = gatekeeper;
  }

  @Operation(summary = "Checks the database against the stored bytes, as `arca fsck` does (administrators)")
  @Post(uri = "/fsck", consumes = MediaType.ALL)
  @RequiresRole(RequiresRole.ArchiveRole.ADMIN)
  @SecurityRequirement(name = "basic")
  public Fsck.Report fsck(@Nullable @QueryValue Boolean deep, @Nullable @QueryValue Boolean repair,
      @Nullable @QueryValue String grace) throws IOException {
    return fsck.run(new Fsck.Options(Boolean.TRUE.equals(deep), Boolean.TRUE.equals(repair), grace(grace)));
  }

  @Operation(summary = "Queues a scrub run now rather than at its next interval (administrators)")
  @Post(uri = "/fixity/scrub", consumes = MediaType.ALL)
  @RequiresRole(RequiresRole.ArchiveRole.ADMIN)
  @SecurityRequirement(name = "basic")
  public ScrubJob scrub() {
    JobStatus job = jobs.enqueue(Scrub.KIND, Scrub.KEY, null, true);
    return new ScrubJob(job.kind(), job.key(), job.state().name().toLowerCase(java.util.Locale.ROOT),
        job.result(), job.error());
  }

  /** The scrub's job: queued or running (a run still going is not queued twice), and what its last run did. */
  @Serdeable
  public record ScrubJob(String kind, String key, String state, @Nullable String lastResult,
      @Nullable String lastError) {}

  @Operation(summary = "Quarantined blobs, with the manifests and DOIs that depend on them (curators)")
  @Get("/fixity/quarantine")
  @RequiresRole(RequiresRole.ArchiveRole.CURATOR)
  @SecurityRequirement(name = "basic")
  public List<FixityReports.QuarantineEntry> quarantine() {
    return reports.quarantine();
  }

  @Operation(summary = "Re-hashes a quarantined blob whose bytes were restored, and releases it when they pass"
      + " (curators)")
  @Post(uri = "/fixity/quarantine/{digest}/release", consumes = MediaType.ALL)
  @RequiresRole(RequiresRole.ArchiveRole.CURATOR)
  @SecurityRequirement(name = "basic")
  public HttpResponse<Released> release(HttpRequest<?> request, @PathVariable String digest) throws IOException {
    Check check = release.verifyAndRelease(Digest.parse(digest), Callers.of(request).name());
    Released answer = new Released(digest, !check.outcome().failed(), check.outcome().name().toLowerCase(
        java.util.Locale.ROOT), check.detail());
    return answer.released() ? HttpResponse.ok(answer) : HttpResponse.status(HttpStatus.CONFLICT).body(answer);
  }

  /** Whether a release went through, and what the check found. */
  @Serdeable
  public record Released(String digest, boolean released, String outcome, @Nullable String detail) {}

  @Operation(summary = "Restores a damaged or missing blob (`digest`), or every quarantined one, from the replica or an"
      + " export bag, verified, and releases it (curators)")
  @Post(uri = "/fixity/repair", consumes = MediaType.ALL)
  @RequiresRole(RequiresRole.ArchiveRole.CURATOR)
  @SecurityRequirement(name = "basic")
  public List<Repair.Result> repair(HttpRequest<?> request, @Nullable @QueryValue String digest) throws IOException {
    String agent = Callers.of(request).name();
    return digest == null || digest.isBlank() ? repair.repairQuarantined(agent)
        : List.of(repair.repair(Digest.parse(digest), agent));
  }

  @Operation(summary = "For every DOI of an image, its copies (primary store, replica, export bags), how many are"
      + " verified and when each was last checked (curators)")
  @Get("/fixity/dois")
  @RequiresRole(RequiresRole.ArchiveRole.CURATOR)
  @SecurityRequirement(name = "basic")
  public List<FixityReports.DoiCopies> dois() throws IOException {
    return reports.dois();
  }

  @Operation(summary = "The fixity checks of the blobs of `<repository>@<digest>`, for anyone who may pull it")
  @Get("/fixity/images/{path:.+}")
  @AcceptedCredentials({Credential.PASSWORD, Credential.ROBOT_TOKEN, Credential.REGISTRY_TOKEN})
  public FixityReports.ImageFixity image(HttpRequest<?> request, @PathVariable String path) {
    int at = path.lastIndexOf('@');
    if (at <= 0 || !RepositoryName.isValid(path.substring(0, at))) {
      throw new RegistryException(OciError.NAME_INVALID, "fixity of " + path
          + ": expected /api/v1/fixity/images/<repository>@<digest>");
    }
    RepositoryName repository = RepositoryName.parse(path.substring(0, at));
    Digest digest = Digest.parse(path.substring(at + 1));
    if (!gatekeeper.may(Callers.of(request), repository, Action.PULL)
        || catalog.manifest(repository, digest).isEmpty()) {
      throw new RegistryException(OciError.MANIFEST_UNKNOWN, "manifest " + digest + " is not in " + repository);
    }
    return reports.image(repository, digest);
  }

  private static Duration grace(String text) {
    if (text == null || text.isBlank()) {
      return Fsck.DEFAULT_GRACE;
    }
    try {
      return Duration.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw new RegistryException(OciError.UNSUPPORTED, "fsck: grace " + text
          + " is not an ISO-8601 duration such as PT24H").withStatus(400);
    }
  }
}
