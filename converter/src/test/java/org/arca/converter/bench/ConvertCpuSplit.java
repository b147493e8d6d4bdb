package org.arca.converter.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.arca.converter.OciLayoutSource;
import org.arca.converter.SifConverter;
import org.arca.converter.squashfs.SquashfsOptions;

/**
 * Where a conversion's CPU goes, by thread: the compression threads ({@code arca-squashfs-compress-*}), the thread
 * that reads and decompresses the layer ({@code arca-layer-read-*}) and the converter's own thread (tar headers,
 * content hashes, block writing, tables, the SIF's digest). Unlike a wall clock, this split means something on a
 * loaded machine. (JIT and GC threads are not Java threads and are not counted.)
 *
 * <p>Arguments: layout directory, ref name, output file, gzip level, compression threads, how many conversions.
 * Thread CPU times are polled every few milliseconds while the conversion runs, since a thread's time is gone once
 * it ends; what a thread spends in its last milliseconds may be missed.
 */
public final class ConvertCpuSplit {
  private ConvertCpuSplit() {}

  public static void main(String[] args) throws Exception {
    Path layout = Path.of(args[0]);
    String refName = args[1];
    Path output = Path.of(args[2]);
    SquashfsOptions options = SquashfsOptions.defaults().withLevel(Integer.parseInt(args[3]))
        .withThreads(Integer.parseInt(args[4]));
    int runs = Integer.parseInt(args[5]);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int run = 1; run <= runs; run++) {
      Map<Long, Long> before = new HashMap<>();
      for (long id : threads.getAllThreadIds()) {
        before.put(id, Math.max(0, threads.getThreadCpuTime(id)));
      }
      Map<Long, Long> cpu = new HashMap<>();
      Map<Long, String> names = new HashMap<>();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread converter = new Thread(() -> {
        try {
          new SifConverter(options).convert(OciLayoutSource.open(layout, refName, null, "bench/" + refName), output);
        } catch (Throwable e) {
          failure.set(e);
        }
      }, "converter");
      converter.start();
      while (converter.isAlive()) {
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
          long time = info == null ? -1 : threads.getThreadCpuTime(info.getThreadId());
          if (time > 0) {
            cpu.merge(info.getThreadId(), time, Math::max);
            names.put(info.getThreadId(), info.getThreadName());
          }
        }
        Thread.sleep(5);
      }
      if (failure.get() != null) {
        throw new IllegalStateException("conversion failed", failure.get());
      }
      Map<String, Double> seconds = new TreeMap<>();
      cpu.forEach((id, time) -> {
        String kind = names.get(id).replaceAll("-[0-9a-f]+$", "");
        if (!kind.equals("main")) {
          seconds.merge(kind, (time - before.getOrDefault(id, 0L)) / 1e9, Double::sum);
        }
      });
      StringBuilder line = new StringBuilder("run " + run + " CPU seconds by thread:");
      seconds.forEach((kind, s) -> {
        if (s >= 0.005) {
          line.append(String.format(" %s %.2f", kind, s));
        }
      });
      System.out.println(line);
    }
  }
}
