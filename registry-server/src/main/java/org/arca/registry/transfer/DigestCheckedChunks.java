package org.arca.registry.transfer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;
import java.io.IOException;
import java.util.function.Consumer;
import org.arca.core.Digest;
import org.arca.registry.fixity.SentBlobChecks;

/**
 * A full blob download that hashes each chunk before it goes out. The chunk holding the last bytes is only handed to
 * Netty once the whole blob hashed to its digest; otherwise reading it fails, the write fails, and the connection is
 * closed short of its Content-Length, so the client sees a broken download rather than a complete one with wrong
 * bytes. Hashing costs about one core-second per 1.8 GB sent, on the event loop that sends it.
 */
final class DigestCheckedChunks implements ChunkedInput<ByteBuf> {
  private final ChunkedInput<ByteBuf> chunks;
  private final SentBlobChecks.Hasher hasher;
  private final Consumer<String> onMismatch;

  DigestCheckedChunks(ChunkedInput<ByteBuf> chunks, Digest digest, long size, Consumer<String> onMismatch) {
    this.chunks = chunks;
    this.hasher = new SentBlobChecks.Hasher(digest, size);
    this.onMismatch = onMismatch;
  }

  @Override
  public boolean isEndOfInput() throws Exception {
    return chunks.isEndOfInput();
  }

  @Override
  public void close() throws Exception {
    chunks.close();
  }

  @Deprecated
  @Override
  public ByteBuf readChunk(ChannelHandlerContext ctx) throws Exception {
    return readChunk(ctx.alloc());
  }

  @Override
  public ByteBuf readChunk(ByteBufAllocator allocator) throws Exception {
    ByteBuf chunk = chunks.readChunk(allocator);
    if (chunk == null) {
      return null;
    }
    hasher.update(chunk.nioBuffer());
    if (hasher.complete()) {
      String mismatch = hasher.mismatch();
      if (mismatch != null) {
        chunk.release();
        onMismatch.accept(mismatch);
        throw new IOException(mismatch + "; download aborted");
      }
    }
    return chunk;
  }

  @Override
  public long length() {
    return chunks.length();
  }

  @Override
  public long progress() {
    return chunks.progress();
  }
}
