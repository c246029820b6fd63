package io.meetrec.rotation.secrets;

import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * What one rotation run did to one secret.
 *
 * @param added the version added, or null when the current one was young enough
 * @param disabled versions disabled because their overlap ended
 * @param current the version that signs from now on
 * @param previous the version that still verifies, or null when none does
 */
public record RotationResult(
    String secretId,
    @Nullable String added,
    List<String> disabled,
    String current,
    @Nullable String previous) {

  public boolean changed() {
    return added != null || !disabled.isEmpty();
  }
}
