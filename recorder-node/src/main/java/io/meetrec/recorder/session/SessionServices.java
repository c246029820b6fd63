package io.meetrec.recorder.session;

import io.meetrec.recorder.RecorderConfiguration;
import io.meetrec.recorder.drain.DrainConfiguration;
import io.meetrec.recorder.events.EventPublisher;
import io.meetrec.recorder.join.JoinTokenClient;
import io.meetrec.recorder.lease.LeaseConfiguration;
import io.meetrec.recorder.media.MeetingCapture;
import io.meetrec.recorder.meeting.MeetingUrlGuard;
import io.meetrec.recorder.metrics.RecorderMetrics;
import io.meetrec.recorder.outcome.RecordingOutcomes;
import io.meetrec.recorder.upload.LiveUploads;
import io.meetrec.recorder.upload.PendingUploads;
import io.meetrec.recorder.upload.Uploader;
import io.meetrec.shared.store.RecordingStore;
import jakarta.inject.Singleton;

/** What a {@link RecordingSession} works with, gathered so sessions can be made per job. */
@Singleton
public record SessionServices(
    RecordingStore store,
    MeetingCapture capture,
    MeetingUrlGuard meetingUrls,
    JoinTokenClient joinTokens,
    EventPublisher events,
    RecordingOutcomes outcomes,
    Uploader uploader,
    LiveUploads liveUploads,
    PendingUploads spool,
    RecorderMetrics metrics,
    SessionConfiguration config,
    LeaseConfiguration lease,
    DrainConfiguration drain,
    RecorderConfiguration recorder) {}
