package io.meetrec.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The OpenAPI document shipped in the jar describes what the code accepts. */
class OpenApiDocumentTest {

  @SuppressWarnings("unchecked")
  private static Map<String, Object> document() throws Exception {
    try (InputStream in =
        OpenApiDocumentTest.class.getResourceAsStream("/META-INF/swagger/meetrec-intake-1.0.yml")) {
      assertThat(in).as("OpenAPI document in the jar").isNotNull();
      return new Yaml().load(in);
    }
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
  void requiresTheConferenceIdOfAList() throws Exception {
    List<Map<String, Object>> parameters =
        at(document(), "paths", "/v1/recordings", "get", "parameters");

    assertThat(parameters)
        .anySatisfy(
            p -> {
              assertThat(p).containsEntry("name", "conferenceId").containsEntry("required", true);
            });
  }
}
