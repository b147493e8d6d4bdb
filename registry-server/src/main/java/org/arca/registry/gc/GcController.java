package org.arca.registry.gc;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.core.access.RequiresRole;
import org.arca.registry.auth.Callers;

/** Garbage collection in the management API: start a run (or a dry run), and read the history of runs. Admins only. */
@Tag(name = "Garbage collection", description = "Online garbage collection runs and their history")
@Controller("/api/v1/gc")
@RequiresRole(RequiresRole.ArchiveRole.ADMIN)
@SecurityRequirement(name = "basic")
@ExecuteOn(TaskExecutors.BLOCKING)
public class GcController {
  private final GcRuns runs;

  GcController(GcRuns runs) {
    this.runs = runs;
  }

  /**
   * Starts a run; answers 202 with it (or with the run already queued or running, since runs never overlap). With
   * {@code dryRun=true} nothing is removed: the run reports what would go, and answers 200 when done.
   */
  @Operation(summary = "Starts a garbage-collection run, or a dry run that removes nothing")
  @Post("/runs")
  public HttpResponse<GcRun> start(HttpRequest<?> request, @Nullable @QueryValue Boolean dryRun) {
    boolean dry = Boolean.TRUE.equals(dryRun);
    GcRun run = runs.start(dry, Callers.of(request).name(), null);
    return dry ? HttpResponse.ok(run) : HttpResponse.accepted().body(run);
  }

  @Operation(summary = "Garbage-collection runs, newest first; page with before (a run id)")
  @Get("/runs")
  public List<GcRun> list(@Nullable @QueryValue Long before, @Nullable @QueryValue Integer limit) {
    return runs.runs(before, Math.min(limit == null ? 50 : Math.max(limit, 1), 1000));
  }

  @Operation(summary = "One garbage-collection run: its state and what it removed")
  @Get("/runs/{id}")
  public GcRun run(@PathVariable long id) {
    return runs.run(id).orElseThrow(() -> new RegistryException(OciError.NAME_UNKNOWN,
        "garbage-collection run " + id + " does not exist").withStatus(404));
  }
}
