package org.arca.registry.config;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import java.security.MessageDigest;
import org.arca.core.Digest;

/**
 * Compiles the digest code before the first push needs it. Until the JIT compiles SHA-256 (and with it the CPU's
 * SHA instructions), the JVM hashes in the interpreter, dozens of times slower: the first blobs pushed after a start
 * would take that cost. Hashing some megabytes in the background at start moves it off the request path; it
 * touches nothing but memory.
 */
@Singleton
class JitWarmUp implements ApplicationEventListener<ServerStartupEvent> {

  @Override
  public void onApplicationEvent(ServerStartupEvent event) {
    Thread thread = new Thread(JitWarmUp::hash, "arca-jit-warm-up");
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
    thread.start();
  }

  private static void hash() {
    byte[] block = new byte[64 * 1024];
    for (String algorithm : new String[] {"sha256", "sha512"}) {
      MessageDigest digest = Digest.newMessageDigest(algorithm);
      for (int i = 0; i < 1024; i++) {
        digest.update(block);
        if (i % 64 == 63) {
          digest.update(java.nio.ByteBuffer.allocateDirect(4096)); // the path direct buffers from Netty take
          digest.digest();
        }
      }
    }
  }
}
