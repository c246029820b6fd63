package io.meetrec.signing.token;

import io.meetrec.shared.security.Secret;

/**
 * The HS256 secret join tokens are signed with. Narrow so the Secret Manager implementation and the
 * configured one used locally are interchangeable.
 */
public interface JoinTokenSecrets {

  Secret current();
}
