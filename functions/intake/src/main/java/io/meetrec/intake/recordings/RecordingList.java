package io.meetrec.intake.recordings;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * One page of the caller's recordings of one conference, newest first. {@code nextPageToken} asks
 * for the next page; absent on the last one.
 */
@Serdeable
public record RecordingList(List<RecordingView> recordings, @Nullable String nextPageToken) {}
