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
      new StackPorts(6390, 8085, 8081, 8082, 8083, 8084, 8086, 8090, 8091);

  /** Fails with a clear message when another program already listens on one of the ports. */
  public void requireFree() {
    int[] all = {
      redis, pubsub, intake, signing, webhooks, rotation, recorder, meetingPage, webhookReceiver
    };
    for (int port : all) {
      try (java.net.ServerSocket s = new java.net.ServerSocket()) {
        s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
      } catch (java.io.IOException e) {
        throw new IllegalStateException(
            "port "
                + port
                + " is in use by another program; stop it (see `ss -ltnp | grep :"
                + port
                + "`) or a previous stack, then try again");
      }
    }
  }

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
