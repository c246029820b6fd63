package io.meetrec.recorder.join;

import io.meetrec.shared.recording.RecordingJob;

/**
 * Gets the short-lived join token for one claimed recording, just before the browser joins; the
 * token never sits in a queue. Chosen by {@code meetrec.recorder.join-token.mode}: {@link
 * SigningFunctionJoinTokenClient} in the cloud, {@link LocalJoinTokenClient} on the local stack and
 * in tests.
 */
public interface JoinTokenClient {

  /**
   * @throws io.meetrec.shared.error.RecordingException with {@code JOIN_TOKEN_FAILED}
   */
  String joinToken(RecordingJob job);
}
