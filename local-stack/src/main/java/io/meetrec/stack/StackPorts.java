package io.meetrec.stack;

import io.meetrec.testing.ManagedProcess;

/**
 * The local ports of the stack. Fixed by default so the README's curl examples work; the end-to-end
 * test passes free ports instead.
 */
public record StackPorts(
    int redis,
    int pubsub,
    int intake,
    int signing,
    int webhooks,
    int rotation,
    int recorder,
    int meetingPage,
    int webhookReceiver) {

  public static final StackPorts DEFAULT =
      new StackPorts(6390, 8085, 8081, 8082, 8083, 8084, 8080, 8090, 8091);

  public static StackPorts free() {
    return new StackPorts(
        ManagedProcess.freePort(),
        ManagedProcess.freePort(),
        ManagedProcess.freePort(),
        ManagedProcess.freePort(),
        ManagedProcess.freePort(),
        ManagedProcess.freePort(),
        ManagedProcess.freePort(),
        ManagedProcess.freePort(),
        ManagedProcess.freePort());
  }
}
