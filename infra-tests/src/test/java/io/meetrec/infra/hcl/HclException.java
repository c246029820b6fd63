package io.meetrec.infra.hcl;

/**
 * A construct outside the HCL subset the checker understands: the check fails instead of guessing.
 */
public class HclException extends RuntimeException {
  public HclException(String source, int line, String message) {
    super(source + ":" + line + ": " + message);
  }
}
