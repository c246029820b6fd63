/**
 * Secrets and the primitives built on them: client request signatures ({@link
 * io.meetrec.shared.security.RequestSignatures}), Standard Webhooks signatures ({@link
 * io.meetrec.shared.security.StandardWebhooks}), join tokens ({@link
 * io.meetrec.shared.security.JoinTokens}) and the outbound URL guard ({@link
 * io.meetrec.shared.security.UrlGuard}). Key material lives in {@link
 * io.meetrec.shared.security.Secret}, which never prints; every verification failure is a {@link
 * io.meetrec.shared.error.RecordingException} whose message names the problem, never a secret, an
 * expected signature or a token.
 */
package io.meetrec.shared.security;
