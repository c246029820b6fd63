package io.meetrec.recorder.media.bench;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CPU seconds and peak memory of groups of processes over a window. A group is root pids plus,
 * except for the recorder itself (whose children are the slot's programs, measured separately),
 * their descendants. Processes born inside the window count fully; one that ends inside it is lost,
 * which for these long-lived programs does not happen.
 */
final class Meter implements AutoCloseable {

  /** What one group used in the window. */
  record Usage(double cpuSeconds, long peakRssKb) {}

  private final Map<String, List<Long>> roots;
  private final Map<String, Map<Long, Long>> startTicks = new LinkedHashMap<>();
  private final Map<String, Long> peakRss = new ConcurrentHashMap<>();
  private final Thread sampler;
  private volatile boolean running = true;

  private Meter(Map<String, List<Long>> roots) {
    this.roots = roots;
    roots.keySet().forEach(group -> startTicks.put(group, ticks(group)));
    this.sampler = Thread.ofPlatform().daemon().name("bench-meter").start(this::sample);
  }

  /** Starts measuring now. {@code roots}: group name → root pids, "recorder" first. */
  static Meter start(Map<String, List<Long>> roots) {
    return new Meter(roots);
  }

  private boolean withDescendants(String group) {
    return !group.equals("recorder");
  }

  private Map<Long, Long> ticks(String group) {
    Map<Long, Long> ticks = new HashMap<>();
    for (long root : roots.get(group)) {
      for (long pid : Proc.tree(root, withDescendants(group))) {
        long value = Proc.cpuTicks(pid);
        if (value >= 0) {
          ticks.put(pid, value);
        }
      }
    }
    return ticks;
  }

  private void sample() {
    while (running) {
      roots
          .keySet()
          .forEach(
              group -> {
                long rss = 0;
                for (long root : roots.get(group)) {
                  for (long pid : Proc.tree(root, withDescendants(group))) {
                    rss += Proc.statusKb(pid, "VmRSS");
                  }
                }
                peakRss.merge(group, rss, Math::max);
              });
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Ends the window: CPU seconds per group and its peak resident memory (summed over its tree). */
  Map<String, Usage> stop() {
    Map<String, Usage> usage = new LinkedHashMap<>();
    for (String group : roots.keySet()) {
      Map<Long, Long> before = startTicks.get(group);
      long used = 0;
      for (Map.Entry<Long, Long> end : ticks(group).entrySet()) {
        used += end.getValue() - before.getOrDefault(end.getKey(), 0L);
      }
      long peak = peakRss.getOrDefault(group, 0L);
      if (group.equals("recorder")) {
        // the kernel's own high-water mark beats one-second sampling for the recorder
        for (long pid : roots.get(group)) {
          peak = Math.max(peak, Proc.statusKb(pid, "VmHWM"));
        }
      }
      usage.put(group, new Usage(used / Proc.TICKS_PER_SECOND, peak));
    }
    close();
    return usage;
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }
}
