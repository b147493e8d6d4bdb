package org.arca.registry.transfer;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import jakarta.inject.Singleton;
import org.arca.registry.config.RegistryConfiguration;

/**
 * Puts a {@link ConnectionGuard} just after the HTTP/1.1 codec of every connection, with or without the fast path,
 * so that malformed requests, refused {@code Expect: 100-continue} and half-closed connections get the same answers
 * whichever handler serves the route.
 */
@Singleton
class ConnectionGuardInstaller implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
  private static final String HANDLER_NAME = "arca-connection-guard";

  private final long maxManifestSize;
  private final int maxInitialLineLength;
  private final int maxHeaderSize;

  ConnectionGuardInstaller(RegistryConfiguration config,
      @Value("${micronaut.server.netty.max-initial-line-length:4096}") int maxInitialLineLength,
      @Value("${micronaut.server.netty.max-header-size:8192}") int maxHeaderSize) {
    this.maxManifestSize = config.maxManifestSize();
    this.maxInitialLineLength = maxInitialLineLength;
    this.maxHeaderSize = maxHeaderSize;
  }

  @Override
  public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
    return ConnectionCustomizer.register(event, this::install);
  }

  private void install(Channel channel) {
    ChannelPipeline pipeline = channel.pipeline();
    if (pipeline.get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null
        && pipeline.get(HANDLER_NAME) == null) {
      // without it, Netty closes the whole connection when the client only stops sending, and the answers to the
      // requests it already sent are lost; the guard closes once they are out
      channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
      pipeline.addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, HANDLER_NAME,
          new ConnectionGuard(maxManifestSize, maxInitialLineLength, maxHeaderSize));
    }
  }
}
