package io.meetrec.recorder.session;

/** Published whenever a session starts or ends, so availability consumers update at once. */
public record SlotsChanged(int sessions, int freeSlots, int capacity) {}
