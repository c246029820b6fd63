package io.meetrec.infra.deploy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What each deployable calls on Google Cloud, the permission each call needs and on which resource;
 * plus the calls the platform makes on our behalf (push, dead-lettering, image pulls). {@link
 * IamPermissionsTest} keeps the code side honest: every call listed here is found in the named
 * source file, and every Google client call found in a deployable's sources is listed.
 */
final class GoogleCalls {
  private GoogleCalls() {}

  /**
   * One call. {@code file} is relative to the repository root, or {@code platform:<who>} for a call
   * made by a Google service or a cluster add-on; {@code code} is a regular expression found in
   * that file.
   */
  record Call(
      String identity,
      String file,
      String code,
      String permission,
      String resource,
      String service) {
    boolean platform() {
      return file.startsWith("platform:");
    }
  }

  static final Map<String, String> DEPLOYABLE_SOURCES =
      Map.of(
          "intake", "functions/intake/src/main/java",
          "signing", "functions/signing/src/main/java",
          "webhooks", "functions/webhooks/src/main/java",
          "rotation", "functions/secret-rotation/src/main/java",
          "recorder", "recorder-node/src/main/java");

  /** Google client invocations; every match in a deployable's sources must be a listed call. */
  static final List<Pattern> CLIENT_CALLS =
      List.of(
          Pattern.compile("\\.(accessSecretVersion|listSecretVersions|addSecretVersion)\\("),
          Pattern.compile("\\.(disableSecretVersion|destroySecretVersion|enableSecretVersion)\\("),
          Pattern.compile("\\.(createSecret|getSecret|deleteSecret)\\("),
          Pattern.compile("\\.signUrl\\("),
          Pattern.compile("storage\\.(create|createFrom|get|reader|writer|delete|list|update)\\("),
          // the Google Publisher, not meetrec's own JobPublisher.publish(job)
          Pattern.compile("\\bpublisher(\\(\\))?\\.publish\\(message"),
          Pattern.compile("\\.(pullCallable|acknowledgeCallable|modifyAckDeadlineCallable)\\("),
          Pattern.compile("IdTokenCredentials\\.newBuilder\\("),
          Pattern.compile("config\\.containerApi\\(\\)"),
          Pattern.compile("/proxy/v1/cert\\.pem"));

  private static final String SM = "secretmanager.googleapis.com";
  private static final String GCS = "storage.googleapis.com";
  private static final String PS = "pubsub.googleapis.com";
  private static final String INTAKE_AUTH =
      "functions/intake/src/main/java/io/meetrec/intake/auth/SecretManagerClientSecrets.java";
  private static final String INTAKE_LINKS =
      "functions/intake/src/main/java/io/meetrec/intake/download/GcsDownloadLinks.java";
  private static final String INTAKE_PUBLISH =
      "functions/intake/src/main/java/io/meetrec/intake/publish/JobPublisher.java";
  private static final String SIGNING =
      "functions/signing/src/main/java/io/meetrec/signing/token/SecretManagerJoinTokenSecrets.java";
  private static final String WEBHOOK_KEYS =
      "functions/webhooks/src/main/java/io/meetrec/webhooks/event/SecretManagerRecorderKeys.java";
  private static final String ROTATION_SM =
      "functions/secret-rotation/src/main/java/io/meetrec/rotation/secrets/SecretManagerVersions.java";
  private static final String ROTATION_GCS =
      "functions/secret-rotation/src/main/java/io/meetrec/rotation/sink/GcsSealedSecretSink.java";
  private static final String ROTATION_CERT =
      "functions/secret-rotation/src/main/java/io/meetrec/rotation/sealing/ClusterCertificate.java";
  private static final String PULLER =
      "recorder-node/src/main/java/io/meetrec/recorder/job/JobPuller.java";
  private static final String EVENTS =
      "recorder-node/src/main/java/io/meetrec/recorder/events/PubSubEventTopic.java";
  private static final String UPLOAD =
      "recorder-node/src/main/java/io/meetrec/recorder/upload/GcsUploadTarget.java";
  private static final String JOIN =
      "recorder-node/src/main/java/io/meetrec/recorder/join/SigningFunctionJoinTokenClient.java";

  /** The secrets the rotation function manages (rotates or seeds once). */
  static final List<String> ROTATION_SECRETS =
      List.of(
          "meetrec-recorder-secret",
          "meetrec-join-token-secret",
          "meetrec-client-secrets",
          "meetrec-webhook-signing-secret");

  static List<Call> all() {
    List<Call> calls = new java.util.ArrayList<>();
    calls.addAll(
        List.of(
            // intake
            new Call(
                "intake",
                INTAKE_AUTH,
                "\\.accessSecretVersion\\(",
                "secretmanager.versions.access",
                "secret:meetrec-client-secrets",
                SM),
            new Call(
                "intake",
                INTAKE_LINKS,
                "\\.signUrl\\(",
                "iam.serviceAccounts.signBlob",
                "sa:intake",
                "iamcredentials.googleapis.com"),
            // A V4 signed URL is a download by the signer: it must be able to read the object.
            new Call(
                "intake",
                INTAKE_LINKS,
                "\\.signUrl\\(",
                "storage.objects.get",
                "bucket:recordings",
                GCS),
            new Call(
                "intake",
                INTAKE_PUBLISH,
                "publisher\\(\\)\\.publish\\(",
                "pubsub.topics.publish",
                "topic:recording-requests",
                PS),
            // signing
            new Call(
                "signing",
                SIGNING,
                "\\.accessSecretVersion\\(",
                "secretmanager.versions.access",
                "secret:meetrec-join-token-secret",
                SM),
            // webhooks: the current and previous recorder secret are the two newest enabled
            // versions, found by listing them.
            new Call(
                "webhooks",
                WEBHOOK_KEYS,
                "\\.listSecretVersions\\(",
                "secretmanager.versions.list",
                "secret:meetrec-recorder-secret",
                SM),
            new Call(
                "webhooks",
                WEBHOOK_KEYS,
                "\\.accessSecretVersion\\(",
                "secretmanager.versions.access",
                "secret:meetrec-recorder-secret",
                SM),
            // The signing secret is resolved by Cloud Run at instance start, as the function.
            new Call(
                "webhooks",
                "platform:cloud-run secret_environment",
                "",
                "secretmanager.versions.access",
                "secret:meetrec-webhook-signing-secret",
                SM),
            // recorder
            new Call(
                "recorder",
                PULLER,
                "\\.pullCallable\\(",
                "pubsub.subscriptions.consume",
                "subscription:recording-requests-recorder",
                PS),
            new Call(
                "recorder",
                PULLER,
                "\\.acknowledgeCallable\\(",
                "pubsub.subscriptions.consume",
                "subscription:recording-requests-recorder",
                PS),
            new Call(
                "recorder",
                PULLER,
                "\\.modifyAckDeadlineCallable\\(",
                "pubsub.subscriptions.consume",
                "subscription:recording-requests-recorder",
                PS),
            new Call(
                "recorder",
                EVENTS,
                "publisher\\.publish\\(",
                "pubsub.topics.publish",
                "topic:recording-events",
                PS),
            new Call(
                "recorder",
                UPLOAD,
                "storage\\.createFrom\\(",
                "storage.objects.create",
                "bucket:recordings",
                GCS),
            new Call(
                "recorder",
                UPLOAD,
                "storage\\.create\\(",
                "storage.objects.create",
                "bucket:recordings",
                GCS),
            new Call(
                "recorder",
                UPLOAD,
                "storage\\.get\\(",
                "storage.objects.get",
                "bucket:recordings",
                GCS),
            // Live parts: removed once the whole file is verified, listed and composed by a reaper.
            new Call(
                "recorder",
                UPLOAD,
                "storage\\.delete\\(",
                "storage.objects.delete",
                "bucket:recordings",
                GCS),
            new Call(
                "recorder",
                UPLOAD,
                "storage\\.list\\(",
                "storage.objects.list",
                "bucket:recordings",
                GCS),
            new Call(
                "recorder",
                UPLOAD,
                "storage\\.compose\\(",
                "storage.objects.create",
                "bucket:recordings",
                GCS),
            new Call(
                "recorder",
                UPLOAD,
                "storage\\.reader\\(",
                "storage.objects.get",
                "bucket:recordings",
                GCS),
            new Call(
                "recorder",
                JOIN,
                "IdTokenCredentials\\.newBuilder\\(",
                "run.routes.invoke",
                "run:signing",
                "run.googleapis.com"),
            // rotation
            new Call(
                "rotation",
                ROTATION_GCS,
                "storage\\.create\\(",
                "storage.objects.create",
                "bucket:gitops",
                GCS),
            // Replacing the previous manifest (same object name) is a delete of the old one.
            new Call(
                "rotation",
                ROTATION_GCS,
                "storage\\.create\\(",
                "storage.objects.delete",
                "bucket:gitops",
                GCS),
            new Call(
                "rotation",
                ROTATION_GCS,
                "storage\\.get\\(",
                "storage.objects.get",
                "bucket:gitops",
                GCS),
            new Call(
                "rotation",
                ROTATION_CERT,
                "config\\.containerApi\\(\\)",
                "container.clusters.get",
                "project",
                "container.googleapis.com"),
            // The API server authenticates the Google identity; RBAC (k8s/infrastructure
            // rotation-rbac.yaml) allows the one service proxy path.
            new Call(
                "rotation",
                ROTATION_CERT,
                "/proxy/v1/cert\\.pem",
                "container.clusters.get",
                "project",
                "container.googleapis.com"),
            // eventarc delivers the secret-rotation messages to the function as this identity
            new Call(
                "rotation",
                "platform:eventarc trigger",
                "",
                "eventarc.events.receiveEvent",
                "project",
                "eventarc.googleapis.com"),
            new Call(
                "rotation",
                "platform:eventarc trigger",
                "",
                "run.routes.invoke",
                "run:secret-rotation",
                "run.googleapis.com"),
            // platform identities
            new Call(
                "events_push",
                "platform:pubsub push",
                "",
                "run.routes.invoke",
                "run:webhooks",
                "run.googleapis.com"),
            new Call(
                "agent:pubsub",
                "platform:pubsub push token",
                "",
                "iam.serviceAccounts.getOpenIdToken",
                "sa:events_push",
                "iamcredentials.googleapis.com"),
            new Call(
                "agent:pubsub",
                "platform:dead-lettering",
                "",
                "pubsub.topics.publish",
                "topic:dead-letter",
                PS),
            new Call(
                "agent:pubsub",
                "platform:dead-lettering",
                "",
                "pubsub.subscriptions.consume",
                "subscription:recording-requests-recorder",
                PS),
            new Call(
                "agent:pubsub",
                "platform:dead-lettering",
                "",
                "pubsub.subscriptions.consume",
                "subscription:recording-events-webhooks",
                PS),
            new Call(
                "agent:pubsub",
                "platform:dead-lettering",
                "",
                "pubsub.subscriptions.consume",
                "subscription:developer",
                PS),
            new Call(
                "agent:scheduler",
                "platform:cloud-scheduler",
                "",
                "pubsub.topics.publish",
                "topic:secret-rotation",
                PS),
            new Call(
                "agent:log-sink",
                "platform:log sink",
                "",
                "bigquery.tables.updateData",
                "dataset:logs",
                "bigquery.googleapis.com"),
            new Call(
                "keda",
                "platform:keda gcp-pubsub and gcp-stackdriver scalers",
                "",
                "monitoring.timeSeries.list",
                "project",
                "monitoring.googleapis.com"),
            new Call(
                "flux",
                "platform:flux Bucket source",
                "",
                "storage.objects.list",
                "bucket:gitops",
                GCS),
            new Call(
                "flux",
                "platform:flux Bucket source",
                "",
                "storage.objects.get",
                "bucket:gitops",
                GCS),
            new Call(
                "workload-identity",
                "platform:gke metadata server",
                "",
                "iam.serviceAccounts.getAccessToken",
                "sa:recorder",
                "iamcredentials.googleapis.com"),
            new Call(
                "workload-identity",
                "platform:gke metadata server",
                "",
                "iam.serviceAccounts.getAccessToken",
                "sa:keda",
                "iamcredentials.googleapis.com"),
            new Call(
                "recorder_nodes",
                "platform:gke nodes",
                "",
                "logging.logEntries.create",
                "project",
                "logging.googleapis.com"),
            new Call(
                "recorder_nodes",
                "platform:gke nodes",
                "",
                "monitoring.timeSeries.create",
                "project",
                "monitoring.googleapis.com"),
            new Call(
                "recorder_nodes",
                "platform:gke nodes",
                "",
                "stackdriver.resourceMetadata.write",
                "project",
                "stackdriver.googleapis.com"),
            new Call(
                "recorder_nodes",
                "platform:gke nodes (image pulls)",
                "",
                "artifactregistry.repositories.downloadArtifacts",
                "repository:recorder",
                "artifactregistry.googleapis.com"),
            new Call(
                "builder",
                "platform:cloud build (functions)",
                "",
                "storage.objects.get",
                "bucket:function-sources",
                GCS),
            new Call(
                "builder",
                "platform:cloud build (functions)",
                "",
                "logging.logEntries.create",
                "project",
                "logging.googleapis.com"),
            new Call(
                "builder",
                "platform:cloud build (functions)",
                "",
                "artifactregistry.repositories.uploadArtifacts",
                "project",
                "artifactregistry.googleapis.com")));
    // The rotation function lists, seeds (adds), disables and reads every managed secret.
    for (String secret : ROTATION_SECRETS) {
      String r = "secret:" + secret;
      calls.add(
          new Call(
              "rotation",
              ROTATION_SM,
              "\\.listSecretVersions\\(",
              "secretmanager.versions.list",
              r,
              SM));
      calls.add(
          new Call(
              "rotation",
              ROTATION_SM,
              "\\.addSecretVersion\\(",
              "secretmanager.versions.add",
              r,
              SM));
      calls.add(
          new Call(
              "rotation",
              ROTATION_SM,
              "\\.accessSecretVersion\\(",
              "secretmanager.versions.access",
              r,
              SM));
    }
    for (String secret : List.of("meetrec-recorder-secret", "meetrec-join-token-secret")) {
      calls.add(
          new Call(
              "rotation",
              ROTATION_SM,
              "\\.disableSecretVersion\\(",
              "secretmanager.versions.disable",
              "secret:" + secret,
              SM));
    }
    return calls;
  }

  /**
   * Permissions of the predefined roles the Terraform may grant (the ones a check can need; read
   * permissions a role also carries are left out). Source: the IAM roles reference.
   */
  static final Map<String, Set<String>> ROLES =
      Map.ofEntries(
          Map.entry("roles/secretmanager.secretAccessor", Set.of("secretmanager.versions.access")),
          Map.entry(
              "roles/secretmanager.viewer",
              Set.of(
                  "secretmanager.versions.list",
                  "secretmanager.versions.get",
                  "secretmanager.secrets.get",
                  "secretmanager.secrets.list")),
          Map.entry("roles/secretmanager.secretVersionAdder", Set.of("secretmanager.versions.add")),
          Map.entry(
              "roles/secretmanager.secretVersionManager",
              Set.of(
                  "secretmanager.versions.add",
                  "secretmanager.versions.destroy",
                  "secretmanager.versions.disable",
                  "secretmanager.versions.enable",
                  "secretmanager.versions.get",
                  "secretmanager.versions.list")),
          Map.entry("roles/pubsub.publisher", Set.of("pubsub.topics.publish")),
          Map.entry(
              "roles/pubsub.subscriber",
              Set.of("pubsub.subscriptions.consume", "pubsub.topics.attachSubscription")),
          Map.entry(
              "roles/pubsub.viewer",
              Set.of("pubsub.subscriptions.get", "pubsub.subscriptions.list", "pubsub.topics.get")),
          Map.entry(
              "roles/storage.objectViewer", Set.of("storage.objects.get", "storage.objects.list")),
          Map.entry("roles/storage.objectCreator", Set.of("storage.objects.create")),
          Map.entry(
              "roles/storage.objectUser",
              Set.of(
                  "storage.objects.create",
                  "storage.objects.delete",
                  "storage.objects.get",
                  "storage.objects.list",
                  "storage.objects.update")),
          Map.entry(
              "roles/storage.objectAdmin",
              Set.of(
                  "storage.objects.create",
                  "storage.objects.delete",
                  "storage.objects.get",
                  "storage.objects.list",
                  "storage.objects.update",
                  "storage.objects.setIamPolicy")),
          Map.entry("roles/run.invoker", Set.of("run.routes.invoke")),
          Map.entry(
              "roles/iam.serviceAccountTokenCreator",
              Set.of(
                  "iam.serviceAccounts.signBlob",
                  "iam.serviceAccounts.signJwt",
                  "iam.serviceAccounts.getAccessToken",
                  "iam.serviceAccounts.getOpenIdToken",
                  "iam.serviceAccounts.implicitDelegation")),
          Map.entry(
              "roles/iam.workloadIdentityUser",
              Set.of("iam.serviceAccounts.getAccessToken", "iam.serviceAccounts.getOpenIdToken")),
          Map.entry("roles/iam.serviceAccountUser", Set.of("iam.serviceAccounts.actAs")),
          Map.entry("roles/logging.logWriter", Set.of("logging.logEntries.create")),
          Map.entry("roles/monitoring.metricWriter", Set.of("monitoring.timeSeries.create")),
          Map.entry("roles/monitoring.viewer", Set.of("monitoring.timeSeries.list")),
          Map.entry(
              "roles/stackdriver.resourceMetadata.writer",
              Set.of("stackdriver.resourceMetadata.write")),
          Map.entry(
              "roles/artifactregistry.reader",
              Set.of("artifactregistry.repositories.downloadArtifacts")),
          Map.entry(
              "roles/artifactregistry.writer",
              Set.of(
                  "artifactregistry.repositories.downloadArtifacts",
                  "artifactregistry.repositories.uploadArtifacts")),
          Map.entry("roles/eventarc.eventReceiver", Set.of("eventarc.events.receiveEvent")),
          Map.entry(
              "roles/bigquery.dataEditor",
              Set.of(
                  "bigquery.tables.updateData",
                  "bigquery.tables.create",
                  "bigquery.tables.getData",
                  "bigquery.tables.delete")),
          Map.entry("roles/bigquery.dataViewer", Set.of("bigquery.tables.getData")),
          Map.entry("roles/container.clusterViewer", Set.of("container.clusters.get")));

  /** Permissions that change or act: a role carrying one nobody needs grants too much. */
  static boolean mutating(String permission) {
    String verb = permission.substring(permission.lastIndexOf('.') + 1);
    return Set.of(
            "create",
            "delete",
            "update",
            "setIamPolicy",
            "add",
            "destroy",
            "disable",
            "enable",
            "signBlob",
            "signJwt",
            "getAccessToken",
            "getOpenIdToken",
            "implicitDelegation",
            "actAs",
            "uploadArtifacts",
            "updateData")
        .contains(verb);
  }
}
