package io.meetrec.recorder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meetrec.recorder.testing.RecorderFixture;
import io.meetrec.shared.error.RecordingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFileTest {

  @TempDir Path dir;

  @Test
  void picksUpARotatedFileWithoutBeingRecreated() throws Exception {
    Path file = dir.resolve("recorder-secret");
    byte[] first = RecorderFixture.newSecret();
    byte[] second = RecorderFixture.newSecret();
    RecorderFixture.writeSecret(file, first);
    SecretFile secret = new SecretFile(file);
    assertThat(secret.current().bytes()).isEqualTo(first);

    RecorderFixture.writeSecret(file, second);

    assertThat(secret.current().bytes()).isEqualTo(second);
  }

  @Test
  void acceptsStandardWebhooksPrefixAndTrailingNewline() throws Exception {
    Path file = dir.resolve("s");
    byte[] key = RecorderFixture.newSecret();
    Files.writeString(file, "whsec_" + Base64.getEncoder().encodeToString(key) + "\n");
    assertThat(new SecretFile(file).current().bytes()).isEqualTo(key);
  }

  @Test
  void neverShowsTheSecretInMessagesOrToString() throws Exception {
    Path file = dir.resolve("bad");
    Files.writeString(file, "not base64 !!! sup3rs3cret");
    SecretFile secret = new SecretFile(file);
    assertThat(secret.toString()).doesNotContain("sup3rs3cret");
    assertThatThrownBy(secret::current)
        .isInstanceOf(RecordingException.class)
        .message()
        .doesNotContain("sup3rs3cret");
  }
}
