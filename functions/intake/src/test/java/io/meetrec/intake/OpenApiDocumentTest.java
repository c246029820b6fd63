package io.meetrec.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetrec.intake.openapi.OpenApiController;
import io.meetrec.shared.security.RequestSignatures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The OpenAPI document shipped in the jar describes what the code accepts. */
class OpenApiDocumentTest {

  /** The copy in the repository that readers and client generators take. */
  static final Path COMMITTED = Path.of("../../docs/openapi.yaml");

  private static Map<String, Object> document() {
    return new Yaml().load(new String(OpenApiController.read(), StandardCharsets.UTF_8));
  }

  @SuppressWarnings("unchecked")
  private static <T> T at(Map<String, Object> doc, String... path) {
    Object node = doc;
    for (String key : path) {
      node = ((Map<String, Object>) node).get(key);
      assertThat(node).as(String.join(".", path)).isNotNull();
    }
    return (T) node;
  }

  @Test
  void theCommittedDocumentIsTheGeneratedOne() throws Exception {
    String generated = new String(OpenApiController.read(), StandardCharsets.UTF_8);
    assertThat(COMMITTED)
        .as(
            "docs/openapi.yaml is missing: cp functions/intake/target/classes%s docs/openapi.yaml",
            OpenApiController.RESOURCE)
        .exists();
    assertThat(Files.readString(COMMITTED))
        .as(
            "docs/openapi.yaml is stale: cp functions/intake/target/classes%s docs/openapi.yaml",
            OpenApiController.RESOURCE)
        .isEqualTo(generated);
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyOperationRequiresTheFourSignatureHeaders() {
    Map<String, Object> paths = at(document(), "paths");
    int operations = 0;
    for (Object path : paths.values()) {
      for (Object op : ((Map<String, Object>) path).values()) {
        List<Map<String, Object>> parameters =
            (List<Map<String, Object>>) ((Map<String, Object>) op).get("parameters");
        assertThat(parameters).as("parameters of " + op).isNotNull();
        assertThat(
                parameters.stream()
                    .filter(
                        p -> "header".equals(p.get("in")) && Boolean.TRUE.equals(p.get("required")))
                    .map(p -> (String) p.get("name")))
            .containsAll(
                List.of(
                    RequestSignatures.CLIENT_HEADER,
                    RequestSignatures.TIMESTAMP_HEADER,
                    RequestSignatures.NONCE_HEADER,
                    RequestSignatures.SIGNATURE_HEADER));
        operations++;
      }
    }
    assertThat(operations).isEqualTo(4);
  }

  @Test
  void listsEveryRouteWithItsMethods() throws Exception {
    Map<String, Object> paths = at(document(), "paths");

    assertThat(paths)
        .containsOnlyKeys("/v1/recordings", "/v1/recordings/{id}", "/v1/recordings/{id}:stop");
    assertThat((Map<String, Object>) at(document(), "paths", "/v1/recordings"))
        .containsOnlyKeys("get", "post");
    assertThat((Map<String, Object>) at(document(), "paths", "/v1/recordings/{id}"))
        .containsOnlyKeys("get");
    assertThat((Map<String, Object>) at(document(), "paths", "/v1/recordings/{id}:stop"))
        .containsOnlyKeys("post");
  }

  @Test
  void describesTheCreateBodyAsTheParserReadsIt() throws Exception {
    Map<String, Object> schema = at(document(), "components", "schemas", "CreateRecordingRequest");
    Map<String, Object> properties = at(schema, "properties");
    List<String> required = at(schema, "required");

    Set<String> parserFields =
        Set.of(
            "meetingUrl",
            "conferenceId",
            "maxDurationSeconds",
            "video",
            "audioOnly",
            "webhookUrl",
            "metadata");
    assertThat(properties.keySet()).containsExactlyInAnyOrderElementsOf(parserFields);
    assertThat(required).containsExactlyInAnyOrder("meetingUrl", "conferenceId");
    assertThat(io.meetrec.intake.recordings.ParserContract.fields()).isEqualTo(parserFields);
    assertThat(io.meetrec.intake.recordings.ParserContract.required())
        .containsExactlyInAnyOrderElementsOf(required);
  }

  @Test
  @SuppressWarnings("unchecked")
  void describesTheListsQueryAsTheControllerReadsIt() throws Exception {
    List<Map<String, Object>> parameters =
        at(document(), "paths", "/v1/recordings", "get", "parameters");

    assertThat(parameters)
        .filteredOn(p -> "query".equals(p.get("in")))
        .extracting(p -> p.get("name"))
        .containsExactlyInAnyOrder("conferenceId", "pageSize", "pageToken");
    assertThat(parameters)
        .anySatisfy(
            p -> {
              assertThat(p).containsEntry("name", "conferenceId").containsEntry("required", true);
            });
    Map<String, Object> list = at(document(), "components", "schemas", "RecordingList");
    assertThat((Map<String, Object>) at(list, "properties"))
        .containsOnlyKeys("recordings", "nextPageToken");
  }
}
