package io.meetrec.rotation.seal;

import io.meetrec.rotation.sealing.HybridSealer;
import io.meetrec.rotation.sealing.SealedSecretManifest;
import io.meetrec.rotation.sealing.SealingScope;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * The operator's {@code kubeseal}: seals one value for a Secret with the controller certificate
 * read from a file. Prints the raw sealed value (for {@code spec.encryptedData}) or, with {@code
 * --key}, a whole SealedSecret manifest. Run through {@code bin/seal}.
 */
public final class SealCommand {

  static final String USAGE =
      """
      usage: seal --cert CERT.pem [--namespace NS] [--name NAME] [--scope strict|namespace-wide|cluster-wide]
                  [--key DATA_KEY] [--in FILE]
        Reads the value from --in FILE, or from stdin. Namespace defaults to meetrec, name to
        recorder-secrets, scope to strict. Without --key prints the base64 sealed value (like
        kubeseal --raw); with --key prints a SealedSecret manifest holding that one key.
      """;

  private SealCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, System.in, System.out, System.err));
  }

  static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
    String cert = null;
    String namespace = "meetrec";
    String name = "recorder-secrets";
    String scope = "strict";
    String key = null;
    String in = null;
    try {
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("-h") || arg.equals("--help")) {
          out.print(USAGE);
          return 0;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("missing value for " + arg);
        }
        String value = args[++i];
        switch (arg) {
          case "--cert" -> cert = value;
          case "--namespace" -> namespace = value;
          case "--name" -> name = value;
          case "--scope" -> scope = value;
          case "--key" -> key = value;
          case "--in" -> in = value;
          default -> throw new IllegalArgumentException("unknown option " + arg);
        }
      }
      if (cert == null) {
        throw new IllegalArgumentException("--cert is required");
      }
      SealingScope sealingScope = SealingScope.fromWire(scope);
      HybridSealer sealer = HybridSealer.fromCertificateFile(Path.of(cert));
      byte[] value = in == null ? stdin.readAllBytes() : Files.readAllBytes(Path.of(in));
      if (key == null) {
        out.println(
            Base64.getEncoder()
                .encodeToString(sealer.seal(value, sealingScope.label(namespace, name))));
      } else {
        out.print(
            new SealedSecretManifest(sealer)
                .render(namespace, name, sealingScope, Map.of(key, value)));
      }
      return 0;
    } catch (IllegalArgumentException | IOException e) {
      err.println("seal: " + e.getMessage());
      err.print(USAGE);
      return 2;
    }
  }
}
