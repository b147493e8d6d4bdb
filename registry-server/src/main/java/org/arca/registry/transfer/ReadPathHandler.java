package org.arca.registry.transfer;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
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
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the registry's read path straight from Netty: blob and SIF downloads with {@code sendfile} (a
 * {@link DefaultFileRegion}, no copy through the JVM), and manifests and tag listings from memory on the event loop
 * when everything they need (caller, permission, content) is cached. Anything that needs the database or a password
 * check goes to a worker thread; every other request passes on, untouched, to Micronaut.
 *
 * <p>One instance per HTTP/1.1 connection, just before Micronaut's request handler. While it answers a request it
 * holds back further reads and queues requests already decoded, so that answers leave in request order even for
 * pipelining clients.
 */
final class ReadPathHandler extends ChannelDuplexHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ReadPathHandler.class);
  private static final Pattern BLOB = Pattern.compile("^/v2/(.+)/blobs/([^/]+)$");
  private static final Pattern SIF = Pattern.compile("^/sif/(.+\\.sif)$");
  private static final Pattern MANIFEST = Pattern.compile("^/v2/(.+)/manifests/([^/]+)$");
  private static final Pattern TAGS = Pattern.compile("^/v2/(.+)/tags/list$");

  private final BlobDownloads downloads;
  private final ManifestReads reads;
  private final Gatekeeper gatekeeper;
  private final AuthConfiguration auth;
  private final Executor executor;
  private final ArrayDeque<Object> queued = new ArrayDeque<>();
  /** A request of ours is being answered. */
  private boolean busy;
  /** The rest of a request we answered (its body, if any) is still to arrive and be dropped. */
  private boolean skippingBody;
  /** A request Micronaut answers is still arriving: pass its content on. */
  private boolean passing;
  /** Micronaut asked for more input while we were busy. */
  private boolean readPending;

  ReadPathHandler(BlobDownloads downloads, ManifestReads reads, Gatekeeper gatekeeper, AuthConfiguration auth,
      Executor executor) {
    this.downloads = downloads;
    this.reads = reads;
    this.gatekeeper = gatekeeper;
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

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
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
      ctx.fireChannelRead(msg);
      return;
    }
    if (msg instanceof HttpRequest request) {
      Read read = match(ctx, request);
      if (read != null) {
        busy = true;
        skippingBody = !(msg instanceof LastHttpContent);
        ReferenceCountUtil.release(msg);
        answer(ctx, read);
        return;
      }
      passing = !(msg instanceof LastHttpContent);
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void read(ChannelHandlerContext ctx) {
    if (busy) {
      readPending = true;
    } else {
      ctx.read();
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    queued.forEach(ReferenceCountUtil::release);
    queued.clear();
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
        answer = error(read, e);
      } catch (RuntimeException e) {
        LOG.error("answering {} {} failed", read.kind(), read.path().group(0), e);
        answer = error(read, new RegistryException(OciError.BLOB_UNKNOWN, "the registry failed to answer: "
            + e.getMessage()).withStatus(500));
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
        .map(manifest -> manifestResponse(read, manifest));
  }

  private Object fullManifest(Read read) {
    RepositoryName repository = RepositoryName.parse(read.path().group(1));
    requirePull(read, repository);
    ServedManifest manifest = reads.find(repository.value(), read.path().group(2),
        read.headers().getAll(HttpHeaderNames.ACCEPT));
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
    if (!read.head() && length > 0) {
      ctx.write(new DefaultFileRegion(file.channel(), offset, length));
    } else if (file.channel() != null) {
      closeQuietly(file);
    }
    ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
        .addListener(done -> finish(ctx, read.keepAlive() && done.isSuccess()));
  }

  private void finish(ChannelHandlerContext ctx, boolean keepAlive) {
    busy = false;
    if (!keepAlive) {
      ctx.close();
      return;
    }
    while (!busy && !queued.isEmpty()) {
      channelRead(ctx, queued.poll());
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

  private static FullHttpResponse error(Read read, RegistryException e) {
    byte[] body = ErrorBodies.body(e.error().name(), e.getMessage(), e.detail());
    FullHttpResponse response = new DefaultFullHttpResponse(read.version(), HttpResponseStatus.valueOf(e.status()),
        read.head() ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
    e.headers().forEach((k, v) -> response.headers().set(k, v));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
    response.headers().set("Docker-Distribution-API-Version", "registry/2.0");
    return response;
  }

  private static void closeQuietly(BlobDownloads.FileDownload file) {
    try {
      file.channel().close();
    } catch (IOException ignored) {
      // read-only channel: nothing to lose
    }
  }
}
