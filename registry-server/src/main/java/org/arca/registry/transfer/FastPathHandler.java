package org.arca.registry.transfer;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.stream.ChunkedNioFile;
import io.netty.handler.stream.ChunkedStream;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.registry.api.ErrorBodies;
import org.arca.registry.api.ManifestReads;
import org.arca.registry.auth.Action;
import org.arca.registry.auth.AuthConfiguration;
import org.arca.registry.auth.Caller;
import org.arca.registry.auth.Gatekeeper;
import org.arca.registry.auth.Realm;
import org.arca.registry.manifest.ServedManifest;
import org.arca.registry.manifest.TagPage;
import org.arca.registry.upload.UploadRequests;
import org.arca.registry.upload.UploadService;
import org.arca.registry.upload.UploadStatus;
import org.arca.registry.api.ByteRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the registry's data path straight from Netty:
 *
 * <ul>
 *   <li>blob and SIF downloads straight from the file: read into pooled buffers and written (a
 *       {@link ChunkedNioFile}), or with {@code sendfile} (a {@link DefaultFileRegion}) when configured;
 *   <li>manifests and tag listings from memory on the event loop when everything they need (caller, permission,
 *       content) is cached;
 *   <li>upload bodies (chunks, completing PUTs, single-request POSTs), hashed and appended buffer by buffer as Netty
 *       receives them, with the checks before and the commit after done on a worker thread.
 * </ul>
 *
 * Anything that needs the database or a password check goes to a worker thread; every other request passes on,
 * untouched, to Micronaut.
 *
 * <p>One instance per HTTP/1.1 connection, just before Micronaut's request handler. While it answers a request it
 * holds back further reads and queues requests already decoded, and it does the same while Micronaut still answers
 * an earlier request, so that answers leave in request order even for pipelining clients.
 */
final class FastPathHandler extends ChannelDuplexHandler {
  private static final Logger LOG = LoggerFactory.getLogger(FastPathHandler.class);
  private static final Pattern BLOB = Pattern.compile("^/v2/(.+)/blobs/([^/]+)$");
  private static final Pattern SIF = Pattern.compile("^/sif/(.+\\.sif)$");
  static final Pattern MANIFEST = Pattern.compile("^/v2/(.+)/manifests/([^/]+)$");
  private static final Pattern TAGS = Pattern.compile("^/v2/(.+)/tags/list$");
  private static final Pattern UPLOAD = Pattern.compile("^/v2/(.+)/blobs/uploads/([^/]+)$");
  private static final Pattern UPLOADS = Pattern.compile("^/v2/(.+)/blobs/uploads/?$");
  /**
   * Bytes read from a blob file per write when copying: 64 KiB pulled 256 MiB faster over loopback than 256 KiB or
   * 1 MiB did, as the socket is kept busy while the next buffer fills.
   */
  private static final int COPY_CHUNK = 64 * 1024;

  private final BlobDownloads downloads;
  private final ManifestReads reads;
  private final Gatekeeper gatekeeper;
  private final UploadRequests uploads;
  private final AuthConfiguration auth;
  private final Executor executor;
  private final boolean sendfile;
  private final ArrayDeque<Object> queued = new ArrayDeque<>();
  /** A request of ours is being answered. */
  private boolean busy;
  /** The rest of a request we answered (its body, if any) is still to arrive and be dropped. */
  private boolean skippingBody;
  /** A request Micronaut answers is still arriving: pass its content on. */
  private boolean passing;
  /** Micronaut asked for more input while we could not take it. */
  private boolean readPending;
  /** Work for the current request runs on a worker thread: hold back reads until it is done. */
  private boolean waiting;
  /** The upload request whose body is arriving, or null. */
  private Receiving receiving;
  /**
   * The connection is closing after an answer: what is still arriving (the rest of a refused body, even within the
   * same read) is dropped, as neither we nor Micronaut expect it.
   */
  private boolean closing;
  /** Requests passed on to Micronaut that it has not finished answering yet. */
  private int owedByMicronaut;
  /** The response Micronaut is writing is an informational one (100 Continue), not its answer. */
  private boolean micronautInformational;
  /** Requests are held back until Micronaut has answered the ones before them. */
  private boolean waitingForMicronaut;
  /** A message was passed on to Micronaut while replaying held requests, outside Netty's read cycle. */
  private boolean passedOutsideRead;

  FastPathHandler(BlobDownloads downloads, ManifestReads reads, Gatekeeper gatekeeper, UploadRequests uploads,
      AuthConfiguration auth, Executor executor, boolean sendfile) {
    this.downloads = downloads;
    this.sendfile = sendfile;
    this.reads = reads;
    this.gatekeeper = gatekeeper;
    this.uploads = uploads;
    this.auth = auth;
    this.executor = executor;
  }

  /** One request this handler answers, with what it needs from the request. */
  private record Read(Kind kind, Matcher path, boolean head, boolean keepAlive, HttpVersion version,
      String authorization, String address, HttpHeaders headers, QueryStringDecoder query) {
    enum Kind { BLOB, SIF, MANIFEST, TAGS }

    String realm(AuthConfiguration auth) {
      return Realm.of(auth, headers::get);
    }

    String parameter(String name) {
      List<String> values = query.parameters().get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }

  /** An upload request whose body this handler receives. */
  private static final class Receiving {
    final UploadRequests.Kind kind;
    final Matcher path;
    final HttpVersion version;
    final boolean expectContinue;
    final ArrayDeque<HttpContent> pending = new ArrayDeque<>();
    UploadRequests.Begun begun;
    boolean lastReceived;
    boolean failed;

    Receiving(UploadRequests.Kind kind, Matcher path, HttpVersion version, boolean expectContinue) {
      this.kind = kind;
      this.path = path;
      this.version = version;
      this.expectContinue = expectContinue;
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (receiving != null && msg instanceof HttpContent content) {
      receive(ctx, content);
      return;
    }
    if (skippingBody && msg instanceof HttpContent content) {
      skippingBody = !(content instanceof LastHttpContent);
      content.release();
      return;
    }
    if (busy) {
      queued.add(msg);
      return;
    }
    if (passing) {
      passing = !(msg instanceof LastHttpContent);
      passedOutsideRead = true;
      ctx.fireChannelRead(msg);
      return;
    }
    if (msg instanceof HttpRequest request) {
      if (owedByMicronaut > 0) {
        // an answer of ours must not overtake Micronaut's to an earlier request (pipelining clients)
        busy = true;
        waitingForMicronaut = true;
        queued.addFirst(msg); // when replaying, it came off the head of the queue: it stays first
        return;
      }
      if (startUpload(ctx, request)) {
        if (msg instanceof HttpContent content) {
          receive(ctx, content); // a request and its whole body in one message
        }
        return;
      }
      Read read = match(ctx, request);
      if (read != null) {
        busy = true;
        skippingBody = !(msg instanceof LastHttpContent);
        ReferenceCountUtil.release(msg);
        answer(ctx, read);
        return;
      }
      passing = !(msg instanceof LastHttpContent);
      owedByMicronaut++;
    }
    passedOutsideRead = true;
    ctx.fireChannelRead(msg);
  }

  /** Micronaut's answers pass here on their way out: once it has answered everything, held requests go on. */
  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpResponse response) {
      micronautInformational = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
    }
    if (msg instanceof LastHttpContent && !micronautInformational && owedByMicronaut > 0
        && --owedByMicronaut == 0 && waitingForMicronaut) {
      waitingForMicronaut = false;
      ctx.executor().execute(() -> finish(ctx, true));
    }
    ctx.write(msg, promise);
  }

  @Override
  public void read(ChannelHandlerContext ctx) {
    if (waiting || busy && receiving == null) {
      readPending = true;
    } else {
      ctx.read();
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    queued.forEach(ReferenceCountUtil::release);
    queued.clear();
    abandonUpload();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    abandonUpload();
    ctx.fireChannelInactive();
  }

  // ---- uploads

  /** Takes over an upload request with a body; returns false for every other request. */
  private boolean startUpload(ChannelHandlerContext ctx, HttpRequest request) {
    QueryStringDecoder query = new QueryStringDecoder(request.uri());
    String path = query.rawPath();
    UploadRequests.Kind kind;
    Matcher matcher;
    if (HttpMethod.PATCH.equals(request.method()) || HttpMethod.PUT.equals(request.method())) {
      matcher = UPLOAD.matcher(path);
      if (!matcher.matches()) {
        return false;
      }
      kind = HttpMethod.PATCH.equals(request.method()) ? UploadRequests.Kind.PATCH : UploadRequests.Kind.COMPLETE;
    } else if (HttpMethod.POST.equals(request.method()) && query.parameters().containsKey("digest")
        && !query.parameters().containsKey("mount")) {
      matcher = UPLOADS.matcher(path);
      if (!matcher.matches()) {
        return false;
      }
      kind = UploadRequests.Kind.MONOLITHIC;
    } else {
      return false;
    }
    busy = true;
    waiting = true;
    Receiving upload = new Receiving(kind, matcher, request.protocolVersion(), HttpUtil.is100ContinueExpected(request));
    receiving = upload;
    String digest = query.parameters().containsKey("digest") ? query.parameters().get("digest").get(0) : null;
    long length = HttpUtil.getContentLength(request, -1L);
    boolean chunked = HttpUtil.isTransferEncodingChunked(request);
    String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
    String contentRange = request.headers().get(HttpHeaderNames.CONTENT_RANGE);
    String realm = Realm.of(auth, request.headers()::get);
    String address = ctx.channel().remoteAddress() instanceof InetSocketAddress socket && socket.getAddress() != null
        ? socket.getAddress().getHostAddress() : "unknown";
    String id = kind == UploadRequests.Kind.MONOLITHIC ? null : matcher.group(2);
    executor.execute(() -> {
      try {
        UploadRequests.Begun begun = uploads.begin(kind, matcher.group(1), id, digest, contentRange, length, chunked,
            authorization, address, realm);
        ctx.executor().execute(() -> begun(ctx, upload, begun));
      } catch (RegistryException e) {
        ctx.executor().execute(() -> refuse(ctx, upload, e));
      } catch (IOException | RuntimeException e) {
        LOG.error("beginning an upload to {} failed", matcher.group(1), e);
        ctx.executor().execute(() -> refuse(ctx, upload, failure(e)));
      }
    });
    return true;
  }

  private void begun(ChannelHandlerContext ctx, Receiving upload, UploadRequests.Begun begun) {
    waiting = false;
    upload.begun = begun;
    if (receiving != upload) {
      closeChunkLater(begun); // the connection went away meanwhile
      return;
    }
    if (upload.expectContinue) {
      ctx.writeAndFlush(new DefaultFullHttpResponse(upload.version, HttpResponseStatus.CONTINUE));
    }
    while (!upload.pending.isEmpty() && receiving == upload && !upload.failed) {
      write(ctx, upload, upload.pending.poll());
    }
    if (!waiting && readPending) {
      readPending = false;
      ctx.read();
    }
  }

  private void receive(ChannelHandlerContext ctx, HttpContent content) {
    Receiving upload = receiving;
    if (upload.failed) {
      content.release();
      return;
    }
    if (upload.begun == null) {
      upload.pending.add(content);
      return;
    }
    write(ctx, upload, content);
  }

  /** Hashes and appends one piece of the body, on the event loop; the last piece ends or commits the upload. */
  private void write(ChannelHandlerContext ctx, Receiving upload, HttpContent content) {
    try {
      UploadService.Chunk chunk = upload.begun.chunk();
      if (chunk != null && content.content().isReadable()) {
        for (java.nio.ByteBuffer buffer : content.content().nioBuffers()) {
          chunk.write(buffer);
        }
      }
    } catch (RegistryException e) {
      abort(ctx, upload, e);
      return;
    } catch (IOException | RuntimeException e) {
      LOG.error("writing an upload failed", e);
      abort(ctx, upload, failure(e));
      return;
    } finally {
      content.release();
    }
    if (content instanceof LastHttpContent) {
      upload.lastReceived = true;
      finishUpload(ctx, upload);
    }
  }

  private void finishUpload(ChannelHandlerContext ctx, Receiving upload) {
    waiting = true;
    executor.execute(() -> {
      FullHttpResponse response;
      try {
        response = uploaded(upload, uploads.finish(upload.begun));
      } catch (RegistryException e) {
        response = error(upload.version, e, false);
      } catch (IOException | RuntimeException e) {
        LOG.error("finishing an upload failed", e);
        response = error(upload.version, failure(e), false);
      }
      FullHttpResponse answer = response;
      ctx.executor().execute(() -> {
        waiting = false;
        receiving = null;
        HttpUtil.setKeepAlive(answer, true);
        ctx.writeAndFlush(answer).addListener(done -> finish(ctx, done.isSuccess()));
      });
    });
  }

  /** The checks refused the request before its body: answer, and close unless the whole body already came. */
  private void refuse(ChannelHandlerContext ctx, Receiving upload, RegistryException e) {
    waiting = false;
    if (receiving != upload) {
      return; // the connection went away meanwhile
    }
    upload.failed = true;
    upload.pending.forEach(ReferenceCountUtil::release);
    boolean bodyComplete = upload.pending.stream().anyMatch(c -> c instanceof LastHttpContent);
    upload.pending.clear();
    answerFailure(ctx, upload, e, bodyComplete);
  }

  /** Writing the body failed: drop what was written, answer, and close (the rest of the body is not wanted). */
  private void abort(ChannelHandlerContext ctx, Receiving upload, RegistryException e) {
    upload.failed = true;
    closeChunkLater(upload.begun);
    answerFailure(ctx, upload, e, false);
  }

  private void answerFailure(ChannelHandlerContext ctx, Receiving upload, RegistryException e, boolean keepAlive) {
    receiving = null;
    closing = !keepAlive;
    FullHttpResponse response = error(upload.version, e, false);
    HttpUtil.setKeepAlive(response, keepAlive);
    ctx.writeAndFlush(response).addListener(done -> finish(ctx, keepAlive && done.isSuccess()));
  }

  private void abandonUpload() {
    Receiving upload = receiving;
    receiving = null;
    if (upload != null) {
      upload.pending.forEach(ReferenceCountUtil::release);
      upload.pending.clear();
      if (upload.begun != null) {
        closeChunkLater(upload.begun);
      }
    }
  }

  /** Drops an unfinished chunk's bytes on a worker thread (it touches the file system). */
  private void closeChunkLater(UploadRequests.Begun begun) {
    if (begun != null && begun.chunk() != null) {
      executor.execute(() -> {
        try {
          begun.chunk().close();
        } catch (IOException e) {
          LOG.warn("dropping an abandoned upload chunk failed: {}", e.getMessage());
        }
      });
    }
  }

  private static FullHttpResponse uploaded(Receiving upload, Object result) {
    FullHttpResponse response;
    String repository = upload.begun.repository().value();
    if (result instanceof UploadStatus status) {
      response = new DefaultFullHttpResponse(upload.version, HttpResponseStatus.ACCEPTED, Unpooled.EMPTY_BUFFER);
      response.headers().set(HttpHeaderNames.LOCATION, "/v2/" + repository + "/blobs/uploads/" + status.id());
      response.headers().set(HttpHeaderNames.RANGE, status.range());
      response.headers().set("Docker-Upload-UUID", status.id());
    } else {
      org.arca.core.Descriptor blob = (org.arca.core.Descriptor) result;
      response = new DefaultFullHttpResponse(upload.version, HttpResponseStatus.CREATED, Unpooled.EMPTY_BUFFER);
      response.headers().set(HttpHeaderNames.LOCATION, "/v2/" + repository + "/blobs/" + blob.digest());
      response.headers().set("Docker-Content-Digest", blob.digest().toString());
    }
    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
    response.headers().set("Docker-Distribution-API-Version", "registry/2.0");
    return response;
  }

  private static RegistryException failure(Exception e) {
    return new RegistryException(OciError.BLOB_UPLOAD_INVALID, "the upload failed: " + e.getMessage())
        .withStatus(500);
  }

  private static Read match(ChannelHandlerContext ctx, HttpRequest request) {
    boolean head = HttpMethod.HEAD.equals(request.method());
    if (!head && !HttpMethod.GET.equals(request.method())) {
      return null;
    }
    QueryStringDecoder query = new QueryStringDecoder(request.uri());
    String path = query.rawPath();
    Read.Kind kind = null;
    Matcher matcher = null;
    for (Read.Kind candidate : Read.Kind.values()) {
      Pattern pattern = switch (candidate) {
        case BLOB -> BLOB;
        case SIF -> SIF;
        case MANIFEST -> MANIFEST;
        case TAGS -> head ? null : TAGS;
      };
      if (pattern == null) {
        continue;
      }
      Matcher m = pattern.matcher(path);
      if (m.matches() && !(candidate == Read.Kind.BLOB && m.group(1).endsWith("/blobs/uploads"))) {
        kind = candidate;
        matcher = m;
        break;
      }
    }
    if (kind == null) {
      return null;
    }
    String address = ctx.channel().remoteAddress() instanceof InetSocketAddress socket && socket.getAddress() != null
        ? socket.getAddress().getHostAddress() : "unknown";
    return new Read(kind, matcher, head, HttpUtil.isKeepAlive(request), request.protocolVersion(),
        request.headers().get(HttpHeaderNames.AUTHORIZATION), address, request.headers(), query);
  }

  private void answer(ChannelHandlerContext ctx, Read read) {
    switch (read.kind()) {
      case BLOB, SIF -> offload(ctx, read, () -> prepareDownload(read));
      case MANIFEST -> answerInlineOrOffload(ctx, read, () -> quickManifest(read), () -> fullManifest(read));
      case TAGS -> answerInlineOrOffload(ctx, read, () -> quickTags(read), () -> fullTags(read));
    }
  }

  private void answerInlineOrOffload(ChannelHandlerContext ctx, Read read, Supplier<Optional<Object>> quick,
      Supplier<Object> full) {
    Optional<Object> answer;
    try {
      answer = quick.get();
    } catch (RuntimeException e) {
      answer = Optional.empty(); // the full path gives the proper answer, errors included
    }
    if (answer.isPresent()) {
      send(ctx, read, answer.get());
    } else {
      offload(ctx, read, full);
    }
  }

  /** Runs {@code work} on a worker thread and sends what it gives (a download, a response, or an error). */
  private void offload(ChannelHandlerContext ctx, Read read, Supplier<Object> work) {
    executor.execute(() -> {
      Object answer;
      try {
        answer = work.get();
      } catch (RegistryException e) {
        answer = error(read.version(), e, read.head());
      } catch (RuntimeException e) {
        LOG.error("answering {} {} failed", read.kind(), read.path().group(0), e);
        answer = error(read.version(), new RegistryException(OciError.BLOB_UNKNOWN, "the registry failed to answer: "
            + e.getMessage()).withStatus(500), read.head());
      }
      Object result = answer;
      ctx.executor().execute(() -> send(ctx, read, result));
    });
  }

  // ---- downloads

  private Object prepareDownload(Read read) {
    try {
      if (read.kind() == Read.Kind.SIF) {
        return downloads.prepareSif(read.path().group(1), read.parameter("platform"),
            read.headers().get(HttpHeaderNames.RANGE), read.head(), read.authorization(), read.address(),
            read.realm(auth));
      }
      return downloads.prepare(read.path().group(1), read.path().group(2), read.headers().get(HttpHeaderNames.RANGE),
          read.head(), read.authorization(), read.address(), read.realm(auth));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  // ---- manifests and tags

  private Optional<Object> quickManifest(Read read) {
    String name = read.path().group(1);
    if (!RepositoryName.isValid(name) || !mayPullWithoutBlocking(read, RepositoryName.parse(name))) {
      return Optional.empty();
    }
    return reads.findCached(name, read.path().group(2), read.headers().getAll(HttpHeaderNames.ACCEPT))
        .map(manifest -> countedManifestResponse(read, manifest));
  }

  private Object fullManifest(Read read) {
    RepositoryName repository = RepositoryName.parse(read.path().group(1));
    requirePull(read, repository);
    ServedManifest manifest = reads.find(repository.value(), read.path().group(2),
        read.headers().getAll(HttpHeaderNames.ACCEPT));
    return countedManifestResponse(read, manifest);
  }

  private FullHttpResponse countedManifestResponse(Read read, ServedManifest manifest) {
    if (!read.head()) {
      reads.pulled(read.path().group(1), read.path().group(2), manifest);
    }
    return manifestResponse(read, manifest);
  }

  private Optional<Object> quickTags(Read read) {
    String name = read.path().group(1);
    if (!RepositoryName.isValid(name)) {
      return Optional.empty();
    }
    RepositoryName repository = RepositoryName.parse(name);
    if (!mayPullWithoutBlocking(read, repository)) {
      return Optional.empty();
    }
    return reads.tagsCached(repository, ManifestReads.pageSize(read.parameter("n")), read.parameter("last"))
        .map(page -> tagsResponse(read, repository, page));
  }

  private Object fullTags(Read read) {
    RepositoryName repository = RepositoryName.parse(read.path().group(1));
    requirePull(read, repository);
    TagPage page = reads.tags(repository, ManifestReads.pageSize(read.parameter("n")), read.parameter("last"));
    return tagsResponse(read, repository, page);
  }

  private boolean mayPullWithoutBlocking(Read read, RepositoryName repository) {
    Optional<Caller> caller = gatekeeper.authenticateWithoutBlocking(read.authorization());
    return caller.isPresent() && gatekeeper.mayWithoutBlocking(caller.get(), repository, Action.PULL).orElse(false);
  }

  private void requirePull(Read read, RepositoryName repository) {
    String realm = read.realm(auth);
    Caller caller = gatekeeper.authenticate(read.authorization(), read.address(), realm);
    gatekeeper.require(caller, repository, Action.PULL, realm);
  }

  private static FullHttpResponse manifestResponse(Read read, ServedManifest manifest) {
    byte[] body = manifest.content();
    FullHttpResponse response = new DefaultFullHttpResponse(read.version(), HttpResponseStatus.OK,
        read.head() ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
    HttpHeaders headers = response.headers();
    headers.set(HttpHeaderNames.CONTENT_TYPE, manifest.mediaType());
    headers.set(HttpHeaderNames.CONTENT_LENGTH, body.length);
    headers.set("Docker-Content-Digest", manifest.digest().toString());
    headers.set(HttpHeaderNames.ETAG, "\"" + manifest.digest() + "\"");
    headers.set("Docker-Distribution-API-Version", "registry/2.0");
    return response;
  }

  private static FullHttpResponse tagsResponse(Read read, RepositoryName repository, TagPage page) {
    byte[] body = ManifestReads.tagsBody(repository, page);
    FullHttpResponse response = new DefaultFullHttpResponse(read.version(), HttpResponseStatus.OK,
        Unpooled.wrappedBuffer(body));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
    response.headers().set("Docker-Distribution-API-Version", "registry/2.0");
    String link = ManifestReads.tagsLink(repository, page);
    if (link != null) {
      response.headers().set("Link", link);
    }
    return response;
  }

  // ---- sending

  private void send(ChannelHandlerContext ctx, Read read, Object answer) {
    if (answer instanceof FullHttpResponse response) {
      HttpUtil.setKeepAlive(response, read.keepAlive()); // HTTP/1.0 clients need "Connection: keep-alive" echoed
      ctx.writeAndFlush(response).addListener(done -> finish(ctx, read.keepAlive() && done.isSuccess()));
    } else {
      send(ctx, read, (BlobDownloads.Download) answer);
    }
  }

  private void send(ChannelHandlerContext ctx, Read read, BlobDownloads.Download download) {
    if (download instanceof BlobDownloads.BytesDownload bytes) {
      FullHttpResponse response = new DefaultFullHttpResponse(read.version(), HttpResponseStatus.OK,
          read.head() ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes.content()));
      blobHeaders(response.headers(), bytes.digest().toString(), bytes.content().length);
      send(ctx, read, response);
      return;
    }
    if (download instanceof BlobDownloads.Redirect redirect) {
      FullHttpResponse response = new DefaultFullHttpResponse(read.version(), HttpResponseStatus.TEMPORARY_REDIRECT,
          Unpooled.EMPTY_BUFFER);
      response.headers().set(HttpHeaderNames.LOCATION, redirect.location().toASCIIString());
      response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
      response.headers().set("Docker-Content-Digest", redirect.digest().toString());
      response.headers().set("Docker-Distribution-API-Version", "registry/2.0");
      send(ctx, read, response);
      return;
    }
    if (download instanceof BlobDownloads.NotSatisfiable none) {
      FullHttpResponse response = new DefaultFullHttpResponse(read.version(),
          HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE, Unpooled.EMPTY_BUFFER);
      response.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + none.size());
      response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
      response.headers().set("Docker-Distribution-API-Version", "registry/2.0");
      send(ctx, read, response);
      return;
    }
    BlobDownloads.FileDownload file = (BlobDownloads.FileDownload) download;
    ByteRange range = file.range();
    long offset = range == null ? 0 : range.start();
    long length = range == null ? file.size() : range.length();
    HttpResponse response = new DefaultHttpResponse(read.version(),
        range == null ? HttpResponseStatus.OK : HttpResponseStatus.PARTIAL_CONTENT);
    blobHeaders(response.headers(), file.digest().toString(), length);
    file.extraHeaders().forEach((k, v) -> response.headers().set(k, v));
    if (range != null) {
      response.headers().set(HttpHeaderNames.CONTENT_RANGE, range.contentRange(file.size()));
    }
    HttpUtil.setKeepAlive(response, read.keepAlive());
    ctx.write(response);
    if (!read.head() && length > 0 && file.stream() != null) {
      // the storage offers no file: stream it in bounded buffers as the socket drains
      if (ctx.pipeline().get(ChunkedWriteHandler.class) == null) {
        ctx.pipeline().addBefore(ctx.name(), null, new ChunkedWriteHandler()); // sendfile set up none
      }
      ctx.write(new ChunkedStream(file.stream(), COPY_CHUNK)).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    } else if (!read.head() && length > 0) {
      // a failed write (a blob whose bytes no longer match their digest) closes the connection short of its length
      ctx.write(sendfile ? new DefaultFileRegion(file.channel(), offset, length) : chunks(file, offset, length))
          .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    } else {
      closeQuietly(file);
    }
    ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
        .addListener(done -> finish(ctx, read.keepAlive() && done.isSuccess()));
  }

  /** The file's bytes in chunks; a whole blob is hashed on the way and broken off when it does not match. */
  private io.netty.handler.stream.ChunkedInput<io.netty.buffer.ByteBuf> chunks(BlobDownloads.FileDownload file,
      long offset, long length) {
    try {
      ChunkedNioFile chunks = new ChunkedNioFile(file.channel(), offset, length, COPY_CHUNK);
      if (file.range() != null || !downloads.verifiesFullDownloads()) {
        return chunks;
      }
      return new DigestCheckedChunks(chunks, file.digest(), length,
          mismatch -> executor.execute(() -> downloads.corruptionFound(file.digest(), mismatch)));
    } catch (IOException e) {
      // only thrown for a closed channel, which we opened a moment ago
      throw new UncheckedIOException(e);
    }
  }

  private void finish(ChannelHandlerContext ctx, boolean keepAlive) {
    busy = false;
    if (!keepAlive) {
      closing = true;
      ctx.close();
      return;
    }
    passedOutsideRead = false;
    while (!busy && !queued.isEmpty()) {
      channelRead(ctx, queued.poll());
    }
    if (passedOutsideRead) {
      // Micronaut flushes its answers and asks for more input on read-complete; replayed requests come outside
      // Netty's read cycle, so without this their answers would wait for input that may never come
      ctx.fireChannelReadComplete();
    }
    if (!busy && readPending) {
      readPending = false;
      ctx.read();
    }
  }

  private static void blobHeaders(HttpHeaders headers, String digest, long length) {
    headers.set(HttpHeaderNames.CONTENT_LENGTH, length);
    headers.set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
    headers.set("Docker-Content-Digest", digest);
    headers.set(HttpHeaderNames.ETAG, "\"" + digest + "\"");
    headers.set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
    headers.set(HttpHeaderNames.CACHE_CONTROL, "max-age=31536000");
    headers.set("Docker-Distribution-API-Version", "registry/2.0");
  }

  /** The OCI error body for {@code e}, as every Arca error is answered. */
  static FullHttpResponse error(HttpVersion version, RegistryException e, boolean head) {
    byte[] body = ErrorBodies.body(e.error().name(), e.getMessage(), e.detail());
    FullHttpResponse response = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(e.status()),
        head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
    e.headers().forEach((k, v) -> response.headers().set(k, v));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
    response.headers().set("Docker-Distribution-API-Version", "registry/2.0");
    return response;
  }

  private static void closeQuietly(BlobDownloads.FileDownload file) {
    try (Closeable channel = file.channel(); Closeable stream = file.stream()) {
      // closed on leaving; either may be null
    } catch (IOException ignored) {
      // read-only: nothing to lose
    }
  }
}
