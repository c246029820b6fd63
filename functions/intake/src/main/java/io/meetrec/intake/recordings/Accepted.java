package io.meetrec.intake.recordings;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/** The answer to an accepted create or stop. */
@Serdeable
public record Accepted(String id, String status, Instant createdAt, Instant expiresAt) {}
