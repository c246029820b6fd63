package io.meetrec.recorder.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessTreeCpuTest {

  @Test
  void countsTheCpuThisProcessSpends() {
    double before = ProcessTreeCpu.seconds();
    long spin = System.nanoTime() + 300_000_000L;
    long sink = 0;
    while (System.nanoTime() < spin) {
      sink += Long.numberOfTrailingZeros(sink + System.nanoTime());
    }
    double after = ProcessTreeCpu.seconds();
    assertThat(before).isPositive();
    assertThat(after - before)
        .as("CPU-seconds of a 0.3 s busy loop (sink %d)", sink)
        .isGreaterThan(0.1);
  }
}
