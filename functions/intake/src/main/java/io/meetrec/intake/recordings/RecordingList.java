package io.meetrec.intake.recordings;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** The recordings of one conference visible to the caller, newest first. */
@Serdeable
public record RecordingList(List<RecordingView> recordings) {}
