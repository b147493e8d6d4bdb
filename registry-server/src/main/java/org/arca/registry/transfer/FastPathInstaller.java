package org.arca.registry.transfer;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.micronaut.scheduling.TaskExecutors;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.stream.ChunkedWriteHandler;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;

/**
 * Puts a {@link FastPathHandler} into every plain HTTP/1.1 connection. Connections with TLS or HTTP/2 keep
 * Micronaut's own handling.
 *
 * <p>Downloads are copied through pooled buffers by default rather than sent with {@code sendfile}: over loopback
 * and virtual NICs the copy measured about 1.5 times faster here (see docs/benchmarks.md); on a physical NIC with
 * scatter-gather offload {@code sendfile} saves CPU, hence {@code arca.registry.sendfile}.
 */
@Singleton
@Requires(property = "arca.registry.fast-path", notEquals = "false")
class FastPathInstaller implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
  private static final String HANDLER_NAME = "arca-fast-path";
  private static final String CHUNKS_NAME = "arca-file-chunks";

  private final BlobDownloads downloads;
  private final org.arca.registry.api.ManifestReads reads;
  private final org.arca.registry.auth.Gatekeeper gatekeeper;
  private final org.arca.registry.upload.UploadRequests uploads;
  private final ExecutorService executor;
  private final org.arca.registry.auth.AuthConfiguration auth;
  private final boolean sendfile;

  FastPathInstaller(BlobDownloads downloads, org.arca.registry.api.ManifestReads reads,
      org.arca.registry.auth.Gatekeeper gatekeeper, org.arca.registry.upload.UploadRequests uploads,
      @Named(TaskExecutors.BLOCKING) ExecutorService executor, org.arca.registry.auth.AuthConfiguration auth,
      @Value("${arca.registry.sendfile:false}") boolean sendfile) {
    this.sendfile = sendfile;
    this.downloads = downloads;
    this.reads = reads;
    this.gatekeeper = gatekeeper;
    this.uploads = uploads;
    this.executor = executor;
    this.auth = auth;
  }

  @Override
  public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
    return ConnectionCustomizer.register(event, this::install);
  }

  private void install(Channel channel) {
    ChannelPipeline pipeline = channel.pipeline();
    if (pipeline.get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null
        && pipeline.get(ChannelPipelineCustomizer.HANDLER_SSL) == null
        && pipeline.get(ChannelPipelineCustomizer.HANDLER_MICRONAUT_INBOUND) != null
        && pipeline.get(HANDLER_NAME) == null) {
      pipeline.addBefore(ChannelPipelineCustomizer.HANDLER_MICRONAUT_INBOUND, HANDLER_NAME,
          new FastPathHandler(downloads, reads, gatekeeper, uploads, auth, executor, sendfile));
      if (!sendfile) {
        // between the HTTP encoder and us: turns the ChunkedNioFile we write into buffers as the socket drains
        pipeline.addBefore(HANDLER_NAME, CHUNKS_NAME, new ChunkedWriteHandler());
      }
    }
  }
}
