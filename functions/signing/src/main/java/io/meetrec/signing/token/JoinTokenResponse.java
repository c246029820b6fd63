package io.meetrec.signing.token;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * @param token the compact HS256 JWS to hand to the meeting page
 * @param audience the conference it admits to
 * @param expiresAt when it stops working
 */
@Serdeable
public record JoinTokenResponse(String token, String audience, Instant expiresAt) {}
