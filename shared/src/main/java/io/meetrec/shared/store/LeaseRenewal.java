package io.meetrec.shared.store;

/** What a lease renewal found. */
public enum LeaseRenewal {
  /** The owner still owns a live recording; its lease now runs a full TTL from the server's now. */
  RENEWED,
  /** No record of the recording at all: the store lost it, and its owner may re-assert it. */
  MISSING,
  /** Another owner holds it, or it ended: the renewing recorder no longer owns it. */
  LOST
}
