package io.meetrec.infra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.infra.Repo;
import io.meetrec.infra.deploy.GoogleCalls.Call;
import io.meetrec.infra.deploy.IamGrants.Grant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * IAM is exactly what the code calls: each Google API call of a deployable (and each call the
 * platform makes for us) is granted on the resource it touches, and no grant is left that nothing
 * uses or that carries write permissions nobody needs.
 */
class IamPermissionsTest {

  static List<String> environments() {
    return TfTree.environments();
  }

  @Test
  void everyListedCallIsInTheCode() throws IOException {
    List<String> missing = new ArrayList<>();
    for (Call call : GoogleCalls.all()) {
      if (call.platform()) {
        continue;
      }
      Path file = Repo.root().resolve(call.file());
      if (!Files.exists(file)
          || !Pattern.compile(call.code()).matcher(Files.readString(file)).find()) {
        missing.add(call.identity() + ": " + call.code() + " in " + call.file());
      }
    }
    assertThat(missing).as("calls listed in GoogleCalls but not in the code").isEmpty();
  }

  @Test
  void everyGoogleClientCallOfADeployableIsListed() throws IOException {
    List<String> unlisted = new ArrayList<>();
    List<Call> calls = GoogleCalls.all();
    for (var deployable : GoogleCalls.DEPLOYABLE_SOURCES.entrySet()) {
      try (Stream<Path> files = Files.walk(Repo.root().resolve(deployable.getValue()))) {
        for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          String rel = Repo.root().relativize(file).toString();
          String text = Files.readString(file);
          for (Pattern p : GoogleCalls.CLIENT_CALLS) {
            Matcher m = p.matcher(text);
            while (m.find()) {
              String found = m.group();
              boolean listed =
                  calls.stream()
                      .anyMatch(
                          c ->
                              c.file().equals(rel)
                                  && Pattern.compile(c.code()).matcher(found).find());
              if (!listed) {
                unlisted.add(deployable.getKey() + ": " + found + " in " + rel);
              }
            }
          }
        }
      }
    }
    assertThat(unlisted).as("Google calls with no permission mapping in GoogleCalls").isEmpty();
  }

  @ParameterizedTest
  @MethodSource("environments")
  void everyCallIsGrantedOnItsResource(String env) {
    IamGrants iam = new IamGrants(TfTree.environment(env));
    assertThat(iam.problems).as("grants the check cannot read in %s", env).isEmpty();
    List<String> denied = new ArrayList<>();
    for (Call call : GoogleCalls.all()) {
      boolean granted =
          iam.grants.stream()
              .anyMatch(
                  g ->
                      g.identity().equals(call.identity())
                          && (g.resource().equals(call.resource())
                              || g.resource().equals("project"))
                          && permissions(iam, g).contains(call.permission()));
      if (!granted) {
        denied.add(
            call.identity()
                + " needs "
                + call.permission()
                + " on "
                + call.resource()
                + " ("
                + call.file()
                + ")");
      }
    }
    assertThat(denied).as("calls without a grant in %s", env).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("environments")
  void noGrantIsUnusedOrBroaderThanItsCalls(String env) {
    IamGrants iam = new IamGrants(TfTree.environment(env));
    List<Call> calls = GoogleCalls.all();
    List<String> wrong = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Grant g : iam.grants) {
      if (!seen.add(g.identity() + " " + g.role() + " " + g.resource() + " " + g.instance())) {
        wrong.add(g.where() + ": duplicate grant of " + g.role() + " to " + g.identity());
      }
      if (g.identity().equals("allUsers")) {
        continue; // checked by intakeIsPublicOnlyOnPurpose
      }
      Set<String> role = permissions(iam, g);
      if (role.isEmpty()) {
        wrong.add(g.where() + ": role " + g.role() + " is not in GoogleCalls.ROLES");
        continue;
      }
      Set<String> needed = new HashSet<>();
      calls.stream()
          .filter(c -> c.identity().equals(g.identity()))
          .filter(c -> g.resource().equals("project") || c.resource().equals(g.resource()))
          .forEach(c -> needed.add(c.permission()));
      if (role.stream().noneMatch(needed::contains)) {
        wrong.add(
            g.where() + ": " + g.identity() + " never uses " + g.role() + " on " + g.resource());
      }
      boolean platform =
          g.identity().startsWith("agent:") || g.identity().equals("workload-identity");
      List<String> excess =
          role.stream()
              .filter(GoogleCalls::mutating)
              .filter(p -> !needed.contains(p))
              .sorted()
              .toList();
      if (!platform && !excess.isEmpty()) {
        wrong.add(g.where() + ": " + g.role() + " gives " + g.identity() + " unneeded " + excess);
      }
    }
    assertThat(wrong).as("grants in %s", env).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("environments")
  void intakeIsPublicOnlyOnPurpose(String env) {
    IamGrants iam = new IamGrants(TfTree.environment(env));
    for (Grant g : iam.grants) {
      if (g.identity().equals("allUsers")) {
        assertThat(g.resource()).as(g.where()).isEqualTo("run:intake");
        assertThat(g.role()).as(g.where()).isEqualTo("roles/run.invoker");
      }
    }
  }

  private static Set<String> permissions(IamGrants iam, Grant g) {
    if (g.role().startsWith("custom:")) {
      return iam.customRoles.getOrDefault(g.role(), Set.of());
    }
    return GoogleCalls.ROLES.getOrDefault(g.role(), Set.of());
  }
}
