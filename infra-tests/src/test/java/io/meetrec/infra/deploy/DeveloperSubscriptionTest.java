package io.meetrec.infra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.infra.Repo;
import io.meetrec.infra.hcl.Body.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A developer's personal recorder pulls only the jobs of that developer's client, and the shared
 * dev fleet never takes them: both subscriptions filter on the job attribute the contract declares.
 */
class DeveloperSubscriptionTest {

  @Test
  void developerAndSharedSubscriptionsSplitJobsByAnAttributeTheJobsCarry() throws IOException {
    TfTree tree = TfTree.environment("dev");
    TfTree.Mod pubsub = tree.module("pubsub");
    Block developer = pubsub.resource("google_pubsub_subscription", "developer").orElseThrow();
    Block shared = pubsub.resource("google_pubsub_subscription", "recorder").orElseThrow();
    String developerFilter =
        developer.body().attribute("filter").map(a -> a.value().text()).orElse("");
    String sharedFilter = shared.body().attribute("filter").map(a -> a.value().text()).orElse("");
    Matcher attribute = Pattern.compile("attributes\\.(\\w+)").matcher(developerFilter);
    assertThat(attribute.find()).as("developer subscription filter: %s", developerFilter).isTrue();
    assertThat(sharedFilter)
        .as("the shared subscription leaves developers' jobs alone")
        .contains("attributes." + attribute.group(1));
    String constant = "\"" + attribute.group(1) + "\"";
    String job =
        Files.readString(
            Repo.root()
                .resolve("shared/src/main/java/io/meetrec/shared/recording/RecordingJob.java"));
    Matcher name = Pattern.compile("(ATTR_\\w+) = " + Pattern.quote(constant)).matcher(job);
    assertThat(name.find()).as("RecordingJob declares the attribute %s", constant).isTrue();
    // Intake's JobPublisher must put it on every job: a cross-module change left to intake (see
    // docs/operations.md, "Personal recorders"); until then developers' subscriptions stay empty
    // and
    // the shared fleet records every job, as before.
  }
}
