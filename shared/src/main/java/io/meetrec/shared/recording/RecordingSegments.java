package io.meetrec.shared.recording;

import io.micronaut.core.annotation.Nullable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What the segments of a taken-over recording add up to. */
public final class RecordingSegments {

  private RecordingSegments() {}

  /**
   * The seconds of the meeting no segment captured: the gaps between consecutive segments, plus,
   * when {@code lostSince} is given (the last recorder was lost then), from the last segment's end
   * to it. Rounded to a tenth.
   */
  public static double lostSeconds(List<RecordingSegment> segments, @Nullable Instant lostSince) {
    long lostMs = 0;
    for (int i = 1; i < segments.size(); i++) {
      lostMs += gapMs(segments.get(i - 1).endedAt(), segments.get(i).startedAt());
    }
    if (lostSince != null && !segments.isEmpty()) {
      lostMs += gapMs(segments.getLast().endedAt(), lostSince);
    }
    return Math.round(lostMs / 100.0) / 10.0;
  }

  /**
   * The recording's output: the first segment that kept media, listing every segment and the
   * seconds lost between them; null when no segment kept any.
   */
  public static @Nullable RecordingOutput output(
      List<RecordingSegment> segments, @Nullable Instant lostSince) {
    RecordingOutput first =
        segments.stream()
            .map(RecordingSegment::media)
            .filter(m -> m != null)
            .findFirst()
            .orElse(null);
    return first == null ? null : first.withSegments(segments, lostSeconds(segments, lostSince));
  }

  /**
   * The output of a recording whose earlier segments are {@code earlier} and whose last one, with
   * its media, is {@code last}.
   */
  public static RecordingOutput endingWith(List<RecordingSegment> earlier, RecordingSegment last) {
    List<RecordingSegment> all = new ArrayList<>(earlier);
    all.add(last);
    RecordingOutput output = output(all, null);
    return output == null ? last.media() : output;
  }

  private static long gapMs(Instant from, Instant to) {
    return Math.max(0, Duration.between(from, to).toMillis());
  }
}
