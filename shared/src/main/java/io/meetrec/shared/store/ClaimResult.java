package io.meetrec.shared.store;

/** What happened when a recorder tried to claim a job. */
public enum ClaimResult {
  /** This recorder now owns the recording and holds its lease. */
  CLAIMED,
  /** Another recorder (or an earlier delivery to this one) owns it: record nothing. */
  ALREADY_CLAIMED,
  /** The recording has already ended: record nothing. */
  TERMINAL
}
