package io.meetrec.signing.token;

import io.micronaut.serde.annotation.Serdeable;

/**
 * @param recordingId the recording the caller is about to join
 * @param owner the caller's recorder identity (pod name), as it claimed the recording in Redis
 */
@Serdeable
public record JoinTokenRequest(String recordingId, String owner) {}
