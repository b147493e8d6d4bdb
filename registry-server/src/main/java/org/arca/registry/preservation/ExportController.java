package org.arca.registry.preservation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.core.access.RequiresRole;
import org.arca.core.image.OciJson;
import org.arca.core.job.JobQueue;
import org.arca.core.job.JobState;
import org.arca.core.job.JobStatus;
import org.arca.registry.audit.AuditLog;
import org.arca.registry.auth.Callers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Archival exports for curators and admins: {@code POST /api/v1/exports} with
 * {@code {"images":[...], "repositories":[...], "dois": true}} starts one (202 with its id), {@code GET
 * /api/v1/exports/<id>} tells how it stands, and {@code GET /api/v1/exports/<id>/bag.tar} downloads the finished
 * bag as one tar stream, written as it is sent; {@code DELETE /api/v1/exports/<id>} removes the bag once it is copied.
 */
@Tag(name = "Archival exports", description = "BagIt exports of images, repositories and DOIs (curators)")
@Controller("/api/v1/exports")
@SecurityRequirement(name = "basic")
@ExecuteOn(TaskExecutors.BLOCKING)
@RequiresRole(RequiresRole.ArchiveRole.CURATOR)
@Requires(property = "arca.preservation.enabled", notEquals = "false")
public class ExportController {
  private static final Logger LOG = LoggerFactory.getLogger(ExportController.class);
  private final JobQueue jobs;
  private final ExportJobs exports;
  private final AuditLog audit;
  private final ExecutorService blocking;
  private final Clock clock;

  ExportController(JobQueue jobs, ExportJobs exports, AuditLog audit,
      @Named(TaskExecutors.BLOCKING) ExecutorService blocking, Clock clock) {
    this.jobs = jobs;
    this.exports = exports;
    this.audit = audit;
    this.blocking = blocking;
    this.clock = clock;
  }

  @Operation(summary = "Starts an export of images, repositories and DOIs (202 with its id)")
  @Post(consumes = MediaType.ALL)
  public HttpResponse<byte[]> start(HttpRequest<?> request, @Body byte[] body) {
    JsonNode json;
    try {
      json = OciJson.readObject(body, OciError.UNSUPPORTED, "the export request");
    } catch (RegistryException e) {
      throw e.withStatus(400);
    }
    Exports.Request wanted = Exports.Request.parse(json);
    String id = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(clock.instant())
        + "-" + UUID.randomUUID().toString().substring(0, 8);
    JobStatus status = jobs.enqueue(ExportJobs.KIND, id, wanted.json().toString(), false);
    audit.success(Callers.of(request).name(), "export.start", id, wanted.json().toString(), Callers.address(request));
    return HttpResponse.<byte[]>status(HttpStatus.ACCEPTED).body(OciJson.bytes(view(status)))
        .contentType(MediaType.APPLICATION_JSON_TYPE).header("Location", "/api/v1/exports/" + id);
  }

  @Operation(summary = "How an export stands")
  @Get("/{id}")
  public HttpResponse<byte[]> status(@PathVariable String id) {
    return HttpResponse.ok(OciJson.bytes(view(find(id)))).contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  @Operation(summary = "Downloads a finished export as one tar stream of the bag")
  @Get(uri = "/{id}/bag.tar", produces = "application/x-tar")
  public HttpResponse<StreamedFile> download(@PathVariable String id) throws IOException {
    JobStatus status = find(id);
    if (status.state() != JobState.DONE) {
      throw new RegistryException(OciError.BLOB_UNKNOWN, "export " + id + " is " + status.state().name()
          .toLowerCase(java.util.Locale.ROOT) + ", not done").withStatus(409);
    }
    Path bag = exports.bag(id);
    if (!Files.isDirectory(bag)) {
      throw new RegistryException(OciError.BLOB_UNKNOWN, "export " + id + " was deleted").withStatus(410);
    }
    PipedInputStream in = new PipedInputStream(1 << 16);
    PipedOutputStream out = new PipedOutputStream(in);
    blocking.execute(() -> writeTar(bag, id, out));
    return HttpResponse.ok(new StreamedFile(in, MediaType.of("application/x-tar")))
        .header("Content-Disposition", "attachment; filename=\"arca-export-" + id + ".tar\"");
  }

  /**
   * Deletes a finished (or failed) export's bag, once a curator has copied it off site: each bag is a full copy of
   * what it holds. The job's record and report stay, so the export history is kept.
   */
  @Delete("/{id}")
  @Operation(summary = "Deletes a finished export's bag once it is copied off site (its record stays)")
  public HttpResponse<byte[]> delete(HttpRequest<?> request, @PathVariable String id) throws IOException {
    JobStatus status = find(id);
    if (status.state() == JobState.QUEUED || status.state() == JobState.RUNNING) {
      throw new RegistryException(OciError.DENIED, "export " + id + " is " + status.state().name()
          .toLowerCase(java.util.Locale.ROOT) + "; delete it once it is done").withStatus(409);
    }
    exports.deleteBag(id);
    audit.success(Callers.of(request).name(), "export.delete", id, null, Callers.address(request));
    return HttpResponse.ok(OciJson.bytes(view(find(id)))).contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  private JobStatus find(String id) {
    exports.bag(id); // validates the id
    return jobs.status(ExportJobs.KIND, id).orElseThrow(() -> new RegistryException(OciError.NAME_UNKNOWN,
        "no export " + id));
  }

  /** The bag's files under a top directory named after the export, as BagIt's tar serialization asks. */
  private static void writeTar(Path bag, String id, OutputStream sink) {
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(sink)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      List<Path> files;
      try (var walk = Files.walk(bag)) {
        files = walk.filter(Files::isRegularFile).sorted().toList();
      }
      for (Path file : files) {
        tar.putArchiveEntry(entry(file, "arca-export-" + id + "/" + bag.relativize(file).toString()
            .replace('\\', '/')));
        try (InputStream in = Files.newInputStream(file)) {
          in.transferTo(tar);
        }
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      // the client sees a truncated tar; a bag's own manifests let it tell
      LOG.warn("send export {}: {}", id, e.toString());
    }
  }

  /**
   * A plain ustar entry: name, size, mode and modification time. An entry made from the file itself also carries its
   * creation and access times, which go into PAX headers under libarchive's {@code LIBARCHIVE.creationtime} keyword;
   * GNU tar warns about that keyword once per file, so a curator unpacking the bag would see a warning per file.
   */
  private static TarArchiveEntry entry(Path file, String name) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(Files.size(file));
    entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE);
    entry.setModTime(Files.getLastModifiedTime(file));
    return entry;
  }

  private ObjectNode view(JobStatus status) {
    ObjectNode o = OciJson.MAPPER.createObjectNode();
    o.put("id", status.key());
    o.put("state", status.state().name().toLowerCase(java.util.Locale.ROOT));
    o.put("created", status.createdAt().toString());
    o.put("updated", status.updatedAt().toString());
    if (status.error() != null) {
      o.put("error", status.error());
    }
    if (status.result() != null) {
      try {
        o.set("report", OciJson.MAPPER.readTree(status.result()));
      } catch (IOException e) {
        o.put("report", status.result());
      }
    }
    if (status.state() == JobState.DONE) {
      if (Files.isDirectory(exports.bag(status.key()))) {
        o.put("download", "/api/v1/exports/" + status.key() + "/bag.tar");
      } else {
        o.put("deleted", true);
      }
    }
    return o;
  }
}
