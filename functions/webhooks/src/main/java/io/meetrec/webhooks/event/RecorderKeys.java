package io.meetrec.webhooks.event;

import io.meetrec.shared.security.SecretKeySet;

/**
 * The recorder secret that signs events, current and previous (during a rotation's overlap both
 * verify). Read from mounted files ({@link FileRecorderKeys}) or Secret Manager ({@link
 * SecretManagerRecorderKeys}).
 */
public interface RecorderKeys extends AutoCloseable {

  SecretKeySet keys();

  @Override
  default void close() {}
}
