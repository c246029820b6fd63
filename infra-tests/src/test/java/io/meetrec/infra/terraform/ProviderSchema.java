package io.meetrec.infra.terraform;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/** The hashicorp/google provider schema copied from ../shared/terraform (see its README). */
public final class ProviderSchema {
  private static final String RESOURCE = "/google-provider-schema.json.gz";
  private static ProviderSchema instance;

  private final JsonObject root;

  private ProviderSchema(JsonObject root) {
    this.root = root;
  }

  public static synchronized ProviderSchema load() {
    if (instance == null) {
      try (InputStream in = ProviderSchema.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(RESOURCE + " missing from test resources");
        }
        instance =
            new ProviderSchema(
                JsonParser.parseReader(
                        new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))
                    .getAsJsonObject());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  public String version() {
    return root.get("version").getAsString();
  }

  public JsonObject resource(String type) {
    return get("resource_schemas", type);
  }

  public JsonObject dataSource(String type) {
    return get("data_source_schemas", type);
  }

  public JsonObject provider() {
    return root.getAsJsonObject("provider_schema");
  }

  private JsonObject get(String kind, String type) {
    JsonObject all = root.getAsJsonObject(kind);
    return all.has(type) ? all.getAsJsonObject(type) : null;
  }
}
