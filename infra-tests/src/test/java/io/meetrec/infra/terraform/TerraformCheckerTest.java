package io.meetrec.infra.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meetrec.infra.hcl.HclException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker must catch the mistakes terraform validate would, or the green run means nothing. */
class TerraformCheckerTest {
  private static final String VERSIONS =
      """
      terraform {
        required_providers {
          google = {
            source = "hashicorp/google"
          }
        }
      }
      """;
  private static final String VARIABLES =
      """
      variable "project_id" {
        description = "Project."
        type        = string
      }
      """;

  @TempDir Path dir;

  private List<String> check(String main) throws IOException {
    Files.writeString(dir.resolve("main.tf"), main);
    Files.writeString(dir.resolve("variables.tf"), VARIABLES);
    Files.writeString(dir.resolve("outputs.tf"), "");
    Files.writeString(dir.resolve("versions.tf"), VERSIONS);
    return new TerraformChecker(ProviderSchema.load()).check(dir);
  }

  @Test
  void acceptsAValidTopicWithIamMember() throws IOException {
    assertThat(
            check(
                """
                resource "google_pubsub_topic" "main" {
                  project = var.project_id
                  name    = "t-${var.project_id}"
                }

                resource "google_pubsub_topic_iam_member" "m" {
                  topic  = google_pubsub_topic.main.name
                  role   = "roles/pubsub.publisher"
                  member = "allUsers"
                }
                """))
        .isEmpty();
  }

  @Test
  void refusesUnknownResourceTypeArgumentAndBlock() throws IOException {
    assertThat(
            check(
                """
                resource "google_pubsub_topik" "a" {
                  name = "a"
                }

                resource "google_pubsub_subscription" "s" {
                  name        = "s"
                  topic       = "t"
                  ack_seconds = 30
                  retry {
                    minimum_backoff = "1s"
                  }
                }
                """))
        .anyMatch(p -> p.contains("unknown resource type google_pubsub_topik"))
        .anyMatch(p -> p.contains("ack_seconds: unknown argument"))
        .anyMatch(p -> p.contains("retry: unknown block"));
  }

  @Test
  void refusesMissingRequiredArgumentAndNestedBlock() throws IOException {
    assertThat(
            check(
                """
                resource "google_secret_manager_secret" "s" {
                  project = var.project_id
                }
                """))
        .anyMatch(p -> p.contains("required argument secret_id missing"))
        .anyMatch(p -> p.contains("required block replication missing"));
  }

  @Test
  void refusesUnresolvedReferencesAndReadOnlyAttributes() throws IOException {
    assertThat(
            check(
                """
                resource "google_pubsub_topic" "main" {
                  project = var.projekt
                  name    = local.missing
                  labels  = module.nowhere.labels
                }

                resource "google_storage_bucket" "b" {
                  name      = google_pubsub_topic.other.name
                  location  = google_pubsub_topic.main.no_such_attribute
                  self_link = "x"
                }
                """))
        .anyMatch(p -> p.contains("var.projekt: undeclared variable"))
        .anyMatch(p -> p.contains("local.missing: undeclared local"))
        .anyMatch(p -> p.contains("module.nowhere.labels: undeclared module"))
        .anyMatch(p -> p.contains("google_pubsub_topic.other.name: undeclared resource"))
        .anyMatch(p -> p.contains("no attribute no_such_attribute"))
        .anyMatch(p -> p.contains("self_link: read-only"));
  }

  @Test
  void refusesModuleInputsThatAreUndeclaredOrMissing() throws IOException {
    Path child = dir.resolve("child");
    Files.createDirectories(child);
    Files.writeString(child.resolve("main.tf"), "");
    Files.writeString(
        child.resolve("variables.tf"),
        """
        variable "needed" {
          description = "Needed."
          type        = string
        }

        variable "untyped" {
          description = "No type."
        }
        """);
    Files.writeString(child.resolve("outputs.tf"), "");
    Files.writeString(child.resolve("versions.tf"), VERSIONS);
    assertThat(
            check(
                """
                module "child" {
                  source  = "./child"
                  surplus = var.project_id
                }
                """))
        .anyMatch(p -> p.contains("has no input variable surplus"))
        .anyMatch(p -> p.contains("misses required input needed"))
        .anyMatch(p -> p.contains("variable untyped needs type"));
  }

  @Test
  void failsLoudlyOnConstructsOutsideTheSubset() throws IOException {
    assertThatThrownBy(() -> check("locals {\n  x = \"%{ if true }y%{ endif }\"\n}\n"))
        .isInstanceOf(HclException.class)
        .hasMessageContaining("template directives");
    assertThat(check("locals {\n  x = uuidv7()\n}\n"))
        .anyMatch(p -> p.contains("unknown function uuidv7()"));
    assertThat(check("moved {\n  from = a.b\n  to   = a.c\n}\n"))
        .anyMatch(p -> p.contains("unsupported top-level block moved"));
  }
}
