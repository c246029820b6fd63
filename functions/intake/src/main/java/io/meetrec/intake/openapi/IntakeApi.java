package io.meetrec.intake.openapi;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/**
 * The OpenAPI document's header. The annotation processor writes the document to {@code
 * META-INF/swagger/meetrec-intake-1.0.yml} inside the function jar.
 */
@OpenAPIDefinition(
    info =
        @Info(
            title = "meetrec-intake",
            version = "1.0",
            description =
                "Ask for meetings to be recorded. Every request carries an HMAC-SHA256 signature:"
                    + " X-Meetrec-Client, X-Meetrec-Timestamp, X-Meetrec-Nonce and"
                    + " X-Meetrec-Signature: v1=<hex> over timestamp, nonce, method, path with"
                    + " query and body, each separated by a newline. Errors are"
                    + " application/problem+json with a stable code.",
            license = @License(name = "Apache-2.0")),
    security = @SecurityRequirement(name = "requestSignature"))
@SecurityScheme(
    name = "requestSignature",
    type = SecuritySchemeType.APIKEY,
    in = SecuritySchemeIn.HEADER,
    paramName = "X-Meetrec-Signature")
public final class IntakeApi {

  private IntakeApi() {}
}
