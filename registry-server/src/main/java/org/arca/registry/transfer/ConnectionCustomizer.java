package org.arca.registry.transfer;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import java.util.function.Consumer;

/** Hands each new connection's channel to {@code onPipeline} once Micronaut has built its stream pipeline. */
final class ConnectionCustomizer implements NettyServerCustomizer {
  private final Consumer<Channel> onPipeline;
  private final Channel channel;

  /** Registers {@code onPipeline} with the server's customizers as they are created; returns the registry. */
  static NettyServerCustomizer.Registry register(BeanCreatedEvent<NettyServerCustomizer.Registry> event,
      Consumer<Channel> onPipeline) {
    event.getBean().register(new ConnectionCustomizer(onPipeline, null));
    return event.getBean();
  }

  private ConnectionCustomizer(Consumer<Channel> onPipeline, Channel channel) {
    this.onPipeline = onPipeline;
    this.channel = channel;
  }

  @Override
  public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
    return role == ChannelRole.CONNECTION ? new ConnectionCustomizer(onPipeline, channel) : this;
  }

  @Override
  public void onStreamPipelineBuilt() {
    if (channel != null) {
      onPipeline.accept(channel);
    }
  }
}
