package org.arca.registry.transfer;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
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
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.arca.core.RegistryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code GET} and {@code HEAD} of {@code /v2/<name>/blobs/<digest>} straight from Netty, so that blob bytes go
 * from the page cache to the socket with {@code sendfile} (a {@link DefaultFileRegion}) instead of being copied
 * through the JVM. Every other request passes on, untouched, to Micronaut.
 *
 * <p>One instance per HTTP/1.1 connection, placed just before Micronaut's request handler. While it answers a request
 * it holds back further reads, and queues any request that was already decoded, so that answers leave in request
 * order even for pipelining clients.
 */
final class BlobTransferHandler extends ChannelDuplexHandler {
  private static final Logger LOG = LoggerFactory.getLogger(BlobTransferHandler.class);
  private static final Pattern BLOB_PATH = Pattern.compile("^/v2/(.+)/blobs/([^/]+)$");
  private static final Pattern SIF_PATH = Pattern.compile("^/sif/(.+\\.sif)$");

  private final BlobDownloads downloads;
  private final Executor executor;
  private final org.arca.registry.auth.AuthConfiguration auth;
  private final ArrayDeque<Object> queued = new ArrayDeque<>();
  /** A request of ours is being answered. */
  private boolean busy;
  /** The rest of a request we answered (its body, if any) is still to arrive and be dropped. */
  private boolean skippingBody;
  /** A request Micronaut answers is still arriving: pass its content on. */
  private boolean passing;
  /** Micronaut asked for more input while we were busy. */
  private boolean readPending;

  BlobTransferHandler(BlobDownloads downloads, Executor executor, org.arca.registry.auth.AuthConfiguration auth) {
    this.downloads = downloads;
    this.executor = executor;
    this.auth = auth;
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
      Matcher blob = match(request, BLOB_PATH);
      Matcher sif = blob == null ? match(request, SIF_PATH) : null;
      if (blob != null || sif != null) {
        busy = true;
        skippingBody = !(msg instanceof LastHttpContent);
        ReferenceCountUtil.release(msg);
        answer(ctx, request, blob != null ? blob.group(1) : null, blob != null ? blob.group(2) : null,
            sif != null ? sif.group(1) : null);
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

  private static Matcher match(HttpRequest request, Pattern pattern) {
    HttpMethod method = request.method();
    if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
      return null;
    }
    String path = new QueryStringDecoder(request.uri()).rawPath();
    Matcher matcher = pattern.matcher(path);
    return matcher.matches() && !matcher.group(1).endsWith("/blobs/uploads") ? matcher : null;
  }

  private void answer(ChannelHandlerContext ctx, HttpRequest request, String name, String digest, String sifPath) {
    QueryStringDecoder query = new QueryStringDecoder(request.uri());
    String platform = query.parameters().containsKey("platform") ? query.parameters().get("platform").get(0) : null;
    boolean head = HttpMethod.HEAD.equals(request.method());
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    String range = request.headers().get(HttpHeaderNames.RANGE);
    HttpVersion version = request.protocolVersion();
    String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
    String realm = org.arca.registry.auth.Realm.of(auth, request.headers()::get);
    String address = ctx.channel().remoteAddress() instanceof java.net.InetSocketAddress socket
        && socket.getAddress() != null ? socket.getAddress().getHostAddress() : "unknown";
    executor.execute(() -> {
      BlobDownloads.Download download;
      try {
        download = sifPath != null
            ? downloads.prepareSif(sifPath, platform, range, head, authorization, address, realm)
            : downloads.prepare(name, digest, range, head, authorization, address, realm);
      } catch (RegistryException e) {
        ctx.executor().execute(() -> send(ctx, error(version, e, head), keepAlive));
        return;
      } catch (IOException | RuntimeException e) {
        LOG.error("serving blob {} of {} failed", digest != null ? digest : sifPath, name, e);
        RegistryException failure = new RegistryException(org.arca.core.OciError.BLOB_UNKNOWN,
            "serving blob " + digest + " failed: " + e.getMessage()).withStatus(500);
        ctx.executor().execute(() -> send(ctx, error(version, failure, head), keepAlive));
        return;
      }
      ctx.executor().execute(() -> send(ctx, version, download, head, keepAlive));
    });
  }

  private void send(ChannelHandlerContext ctx, HttpVersion version, BlobDownloads.Download download, boolean head,
      boolean keepAlive) {
    if (download instanceof BlobDownloads.BytesDownload bytes) {
      FullHttpResponse response = new DefaultFullHttpResponse(version, HttpResponseStatus.OK,
          head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes.content()));
      blobHeaders(response.headers(), bytes.digest().toString(), bytes.content().length);
      send(ctx, response, keepAlive);
      return;
    }
    if (download instanceof BlobDownloads.NotSatisfiable none) {
      FullHttpResponse response = new DefaultFullHttpResponse(version,
          HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE, Unpooled.EMPTY_BUFFER);
      response.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + none.size());
      response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
      response.headers().set("Docker-Distribution-API-Version", "registry/2.0");
      send(ctx, response, keepAlive);
      return;
    }
    BlobDownloads.FileDownload file = (BlobDownloads.FileDownload) download;
    ByteRange range = file.range();
    long offset = range == null ? 0 : range.start();
    long length = range == null ? file.size() : range.length();
    HttpResponse response = new DefaultHttpResponse(version,
        range == null ? HttpResponseStatus.OK : HttpResponseStatus.PARTIAL_CONTENT);
    blobHeaders(response.headers(), file.digest().toString(), length);
    file.extraHeaders().forEach((k, v) -> response.headers().set(k, v));
    if (range != null) {
      response.headers().set(HttpHeaderNames.CONTENT_RANGE, range.contentRange(file.size()));
    }
    ctx.write(response);
    if (!head && length > 0) {
      ctx.write(new DefaultFileRegion(file.channel(), offset, length));
    } else if (file.channel() != null) {
      closeQuietly(file);
    }
    ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(done -> finish(ctx, keepAlive && done.isSuccess()));
  }

  private void send(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
    ctx.writeAndFlush(response).addListener(done -> finish(ctx, keepAlive && done.isSuccess()));
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

  private static FullHttpResponse error(HttpVersion version, RegistryException e, boolean head) {
    byte[] body = org.arca.registry.api.ErrorBodies.body(e.error().name(), e.getMessage(), e.detail());
    FullHttpResponse response = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(e.status()),
        head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
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
