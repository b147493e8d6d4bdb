package org.arca.registry.transfer;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends HTTP/1.1 connections the way a client can follow, whichever handler (the fast path or Micronaut's) answers
 * the requests. It sits just after Netty's HTTP codec and:
 *
 * <ul>
 *   <li>answers a request the codec could not decode (a header line without a colon, a Content-Length that is not
 *       one number, a request line or header section over the limits) with 400, 414 or 431, instead of letting a
 *       route answer a request whose headers nobody can trust;
 *   <li>answers a manifest PUT that expects {@code 100 Continue} but declares more bytes than a manifest may have
 *       with 413 at once, so that the client never starts sending a body that would be refused;
 *   <li>answers a request whose body is malformed (a broken chunk) with 400 itself, instead of passing on content
 *       that would look like the end of a shorter body;
 *   <li>closes the connection once a client that shut its sending side down (as {@code nc -N} does after a batch
 *       of pipelined requests) has had every answer it asked for.
 * </ul>
 *
 * A refusal waits for the answers to the requests before it, so pipelined answers keep their order. After it the
 * connection closes: the codec has lost its place in the byte stream. Every close (ours, or a handler's after an
 * answer with {@code Connection: close}, such as a refused upload) first lets the answers leave, then stops sending
 * and reads and drops what the client still sends for a short while: closing a socket with unread input makes the
 * kernel send a reset, which can destroy the answer before the client reads it.
 */
final class ConnectionGuard extends ChannelDuplexHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
  /** How long input is still read and dropped after the last answer, before the connection closes. */
  private static final long LINGER_MILLIS = 2000;

  private final long maxManifestSize;
  private final int maxInitialLineLength;
  private final int maxHeaderSize;
  /** Requests passed on to the handlers that answer them. */
  private long received;
  /** Final answers (not 1xx) written for them. */
  private long answered;
  /** The answer being written is an informational one (100 Continue), which does not count. */
  private boolean informational;
  /** Our refusal, waiting for the answers to the requests before it. */
  private FullHttpResponse refusal;
  /** No request is taken any more: input is dropped until the connection closes. */
  private boolean closing;
  /** The client will send nothing more. */
  private boolean inputShutdown;
  /** An answer has begun (its status line is written) but not ended. */
  private boolean answering;
  /** Our refusal is written: nothing a handler writes after it may reach the client. */
  private boolean refused;
  /** The close that waits while the client's remaining input is dropped, or null. */
  private ChannelPromise lingering;

  ConnectionGuard(long maxManifestSize, int maxInitialLineLength, int maxHeaderSize) {
    this.maxManifestSize = maxManifestSize;
    this.maxInitialLineLength = maxInitialLineLength;
    this.maxHeaderSize = maxHeaderSize;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpRequest request) {
      RegistryException reason = whyRefused(request);
      if (reason != null) {
        ReferenceCountUtil.release(msg);
        closing = true;
        refusal = closingResponse(reason, HttpMethod.HEAD.equals(request.method()));
        if (answered >= received) {
          sendRefusal(ctx);
        }
        return;
      }
      received++;
    } else if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
      // A broken chunk or a body cut short. Passed on, it would look like the end of a shorter body, which a handler
      // could store; held back, the handler never sees the body end and drops what it has when the connection
      // closes. The answer is ours, unless the handler has already begun its own.
      content.release();
      closing = true;
      if (answered >= received || answering) {
        close(ctx, ctx.newPromise());
        return;
      }
      received--;
      refusal = closingResponse(new RegistryException(OciError.UNSUPPORTED, "the request body is not valid HTTP/1.1"
          + " framing (a malformed chunk, or a body that ends early)").withStatus(400), false);
      if (answered >= received) {
        sendRefusal(ctx);
      }
      return;
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (refused) {
      // a handler answering the request whose body we refused, too late: the client has its answer
      ReferenceCountUtil.release(msg);
      promise.trySuccess();
      return;
    }
    if (msg instanceof HttpResponse response) {
      informational = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
      answering = !informational;
    }
    boolean ends = msg instanceof LastHttpContent && !informational;
    if (ends) {
      answering = false;
    }
    if (!ends) {
      ctx.write(msg, promise);
      return;
    }
    answered++;
    boolean allAnswered = answered >= received;
    if (allAnswered && refusal == null && inputShutdown) {
      // the last answer the client waits for: close once it has left
      ChannelPromise written = promise.unvoid();
      ctx.write(msg, written);
      written.addListener(ChannelFutureListener.CLOSE);
      return;
    }
    ctx.write(msg, promise);
    if (allAnswered && refusal != null) {
      sendRefusal(ctx);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof ChannelInputShutdownEvent) {
      inputShutdown = true;
      if (lingering != null) {
        endLingering(ctx); // the client has stopped sending: a close loses nothing now
      } else if (!closing && answered >= received) {
        close(ctx, ctx.newPromise());
      }
      // otherwise the last answer, or a refusal waiting for earlier answers, closes once written
    }
    ctx.fireUserEventTriggered(event);
  }

  /** Why a request is answered here and not passed on, or null. */
  private RegistryException whyRefused(HttpRequest request) {
    DecoderResult result = request.decoderResult();
    if (result.isFailure()) {
      Throwable cause = result.cause();
      LOG.debug("refusing a request the HTTP codec could not decode: {}", cause.toString());
      if (cause instanceof TooLongHttpLineException) {
        return new RegistryException(OciError.UNSUPPORTED, "the request line is longer than "
            + maxInitialLineLength + " bytes").withStatus(414);
      }
      if (cause instanceof TooLongHttpHeaderException) {
        return new RegistryException(OciError.UNSUPPORTED, "the request's headers are longer than " + maxHeaderSize
            + " bytes").withStatus(431);
      }
      return new RegistryException(OciError.UNSUPPORTED, "the request is not valid HTTP/1.1: its request line or"
          + " headers cannot be parsed (a header line without a colon, a Content-Length that is not one number, or"
          + " the like)").withStatus(400);
    }
    if (HttpMethod.PUT.equals(request.method()) && HttpUtil.is100ContinueExpected(request)) {
      long length = HttpUtil.getContentLength(request, -1L);
      Matcher manifest = FastPathHandler.MANIFEST.matcher(new QueryStringDecoder(request.uri()).rawPath());
      if (length > maxManifestSize && manifest.matches()) {
        // the same refusal as ManifestController's, before the client sends a byte of the body
        return new RegistryException(OciError.MANIFEST_INVALID, "put manifest to " + manifest.group(1) + ": "
            + length + " bytes exceeds the limit of " + maxManifestSize + " bytes").withStatus(413);
      }
    }
    return null;
  }

  private static FullHttpResponse closingResponse(RegistryException e, boolean head) {
    FullHttpResponse response = FastPathHandler.error(HttpVersion.HTTP_1_1, e, head);
    HttpUtil.setKeepAlive(response, false);
    return response;
  }

  private void sendRefusal(ChannelHandlerContext ctx) {
    FullHttpResponse response = refusal;
    refusal = null;
    refused = true;
    ctx.writeAndFlush(response);
    close(ctx, ctx.newPromise());
  }

  /**
   * Every close of the connection, ours or a handler's after an answer with {@code Connection: close}: stop sending
   * once the answers are out, read and drop what the client still sends for a while, then close.
   */
  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    if (!ctx.channel().isActive()) {
      ctx.close(promise);
      return;
    }
    if (lingering != null) {
      ctx.channel().closeFuture().addListener(closed -> promise.trySuccess());
      return;
    }
    lingering = promise;
    closing = true;
    // the empty write completes after everything written before it has left
    ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(written -> {
      // with TLS, shutting the socket down under the SslHandler would cut its close_notify: close as before
      if (written.isSuccess() && !inputShutdown && !lingering.isDone() && ctx.pipeline().get(SslHandler.class) == null
          && ctx.channel() instanceof DuplexChannel duplex) {
        duplex.shutdownOutput();
        ctx.channel().config().setAutoRead(true);
      } else {
        endLingering(ctx);
      }
    });
    ctx.executor().schedule(() -> endLingering(ctx), LINGER_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void endLingering(ChannelHandlerContext ctx) {
    if (!lingering.isDone()) {
      ctx.close(lingering);
    }
  }
}
