package io.meetrec.intake.download;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * @param url where to fetch the media
 * @param expiresAt when the URL stops working; null for a local file that does not expire
 */
@Serdeable
public record DownloadLink(String url, @Nullable Instant expiresAt) {}
