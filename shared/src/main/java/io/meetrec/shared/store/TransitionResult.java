package io.meetrec.shared.store;

/** What a state transition found. */
public enum TransitionResult {
  /** Moved (or this owner's identical write had already moved it). */
  OK,
  /** No record at all: the store lost it (its owner may re-assert it from its job). */
  MISSING,
  /** The current state does not allow the move: someone else ended or moved it. */
  REFUSED,
  /** Another recorder owns it. */
  NOT_OWNER
}
