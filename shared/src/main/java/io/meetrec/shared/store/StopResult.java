package io.meetrec.shared.store;

/** What a stop request found. */
public enum StopResult {
  REQUESTED,
  TERMINAL,
  MISSING
}
