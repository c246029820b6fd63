package io.meetrec.intake.openapi;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves the API's OpenAPI document, unauthenticated: it is public, like the copy committed as
 * {@code docs/openapi.yaml}. The annotation processor writes it into the jar at build time.
 */
@Controller
public class OpenApiController {

  /** Where the annotation processor puts the document (named by {@link IntakeApi}'s info). */
  public static final String RESOURCE = "/META-INF/swagger/meetrec-intake-1.0.yml";

  public static final String PATH = "/v1/openapi.yaml";

  private static final MediaType YAML = MediaType.of("application/yaml");

  private final byte[] document;

  public OpenApiController() {
    this.document = read();
  }

  /** The document as built into this jar. */
  public static byte[] read() {
    try (InputStream in = OpenApiController.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "the OpenAPI document is missing from the jar: " + RESOURCE);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Hidden
  @Get(uri = PATH)
  public HttpResponse<byte[]> document() {
    return HttpResponse.ok(document)
        .contentType(YAML)
        .header("Cache-Control", "public, max-age=300");
  }
}
