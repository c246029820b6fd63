package io.meetrec.infra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.zetasql.Analyzer;
import com.google.zetasql.AnalyzerOptions;
import com.google.zetasql.LanguageOptions;
import com.google.zetasql.SimpleCatalog;
import com.google.zetasql.SimpleColumn;
import com.google.zetasql.SimpleTable;
import com.google.zetasql.StructType;
import com.google.zetasql.Type;
import com.google.zetasql.TypeFactory;
import com.google.zetasql.ZetaSQLBuiltinFunctionOptions;
import com.google.zetasql.ZetaSQLOptions.ProductMode;
import com.google.zetasql.ZetaSQLType.TypeKind;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedOutputColumn;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedQueryStmt;
import io.meetrec.infra.deploy.TfTree.Mod;
import io.meetrec.infra.hcl.Body.Block;
import io.meetrec.infra.hcl.HclValue;
import io.meetrec.shared.logging.LogSinkSchema;
import io.meetrec.shared.logging.LogSinkSchema.SinkTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The views Terraform creates are analysed by ZetaSQL (BigQuery's SQL front end) against the sink
 * tables the same Terraform creates, with the schemas it gives them; so the first apply creates
 * tables and views together and no view names a column the table lacks.
 */
class LogViewsTest {

  static List<String> environments() {
    return TfTree.environments();
  }

  @ParameterizedTest
  @MethodSource("environments")
  void sinkTablesArePreCreatedFromTheLogContract(String env) throws IOException {
    TfTree tree = TfTree.environment(env);
    Map<String, Path> schemas = sinkTableSchemas(tree);
    for (SinkTable table : SinkTable.values()) {
      assertThat(schemas)
          .as("sink table %s created by Terraform", table.tableName())
          .containsKey(table.tableName());
      assertThat(Files.readString(schemas.get(table.tableName())).strip())
          .as("schema of %s is the log contract's", table.tableName())
          .isEqualTo(LogSinkSchema.bigQueryJson(table).strip());
    }
    Mod logs = tree.module("log-analytics");
    for (Block view : logs.resources("google_bigquery_table")) {
      if (view.body().blocks("view").isEmpty()) {
        continue;
      }
      assertThat(view.body().attribute("count"))
          .as("views are created on the first apply")
          .isEmpty();
      String dependsOn = view.body().attribute("depends_on").map(a -> a.value().text()).orElse("");
      String forEach = view.body().attribute("for_each").map(a -> a.value().text()).orElse("");
      assertThat(dependsOn + forEach)
          .as("view %s waits for the sink tables", view.label(1))
          .containsAnyOf("google_bigquery_table . sink", "google_bigquery_table . base_views");
    }
    assertThat(logs.variable("create_views")).as("no switch to skip the views").isEmpty();
  }

  @ParameterizedTest
  @MethodSource("environments")
  void everyViewAnalysesAgainstTheCreatedTables(String env) throws IOException {
    TfTree tree = TfTree.environment(env);
    Map<String, Path> schemas = sinkTableSchemas(tree);
    Path queries =
        Path.of(
            BootstrapOrderTest.resolve(
                tree, tree.module("log-analytics"), new HclValue.Opaque("var.queries_dir")));
    LanguageOptions language = new LanguageOptions().enableMaximumLanguageFeatures();
    language.setSupportsAllStatementKinds();
    language.setProductMode(ProductMode.PRODUCT_EXTERNAL);
    AnalyzerOptions options = new AnalyzerOptions();
    options.setLanguageOptions(language);
    SimpleCatalog catalog = new SimpleCatalog("project");
    catalog.addZetaSQLFunctionsAndTypes(new ZetaSQLBuiltinFunctionOptions(language));
    for (var s : schemas.entrySet()) {
      SimpleTable table = new SimpleTable("ds." + s.getKey());
      for (JsonElement column :
          JsonParser.parseString(Files.readString(s.getValue())).getAsJsonArray()) {
        JsonObject c = column.getAsJsonObject();
        table.addSimpleColumn(c.get("name").getAsString(), type(c));
      }
      catalog.addSimpleTable(table.getName(), table);
    }
    List<String> errors = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(queries)) {
      files = list.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
    }
    // meetrec_events is the base view the others read.
    List<Path> ordered =
        new ArrayList<>(
            files.stream()
                .filter(p -> p.getFileName().toString().equals("meetrec_events.sql"))
                .toList());
    files.stream().filter(p -> !ordered.contains(p)).forEach(ordered::add);
    for (Path file : ordered) {
      String name = file.getFileName().toString().replace(".sql", "").replace('-', '_');
      String sql = Files.readString(file).replace("${dataset}", "ds");
      try {
        ResolvedQueryStmt stmt =
            (ResolvedQueryStmt) Analyzer.analyzeStatement(sql, options, catalog);
        SimpleTable view = new SimpleTable("ds." + name);
        for (ResolvedOutputColumn c : stmt.getOutputColumnList()) {
          view.addSimpleColumn(
              new SimpleColumn(view.getName(), c.getName(), c.getColumn().getType()));
        }
        catalog.addSimpleTable(view.getName(), view);
      } catch (RuntimeException e) {
        errors.add(name + ": " + e.getMessage());
      }
    }
    assertThat(errors).as("views against the Terraform sink tables in %s", env).isEmpty();
  }

  private static Type type(JsonObject column) {
    String t = column.get("type").getAsString();
    return switch (t) {
      case "STRING" -> TypeFactory.createSimpleType(TypeKind.TYPE_STRING);
      case "INTEGER", "INT64" -> TypeFactory.createSimpleType(TypeKind.TYPE_INT64);
      case "FLOAT", "FLOAT64" -> TypeFactory.createSimpleType(TypeKind.TYPE_DOUBLE);
      case "BOOLEAN", "BOOL" -> TypeFactory.createSimpleType(TypeKind.TYPE_BOOL);
      case "TIMESTAMP" -> TypeFactory.createSimpleType(TypeKind.TYPE_TIMESTAMP);
      case "RECORD", "STRUCT" -> {
        List<StructType.StructField> fields = new ArrayList<>();
        for (JsonElement f : column.get("fields").getAsJsonArray()) {
          fields.add(
              new StructType.StructField(
                  f.getAsJsonObject().get("name").getAsString(), type(f.getAsJsonObject())));
        }
        yield TypeFactory.createStructType(fields);
      }
      default -> throw new AssertionError("column type " + t);
    };
  }

  /** Table id → schema file of the sink tables ({@code google_bigquery_table} with a schema). */
  static Map<String, Path> sinkTableSchemas(TfTree tree) {
    Mod logs = tree.module("log-analytics");
    Map<String, Path> out = new java.util.TreeMap<>();
    for (Block table : logs.resources("google_bigquery_table")) {
      if (table.body().attribute("schema").isEmpty()) {
        continue;
      }
      Object forEach =
          table.body().attribute("for_each").map(a -> HclValue.of(a.value())).orElse(null);
      Object tables =
          forEach instanceof HclValue.Opaque o && o.text().startsWith("local.")
              ? logs.localValue(o.text().substring(6))
              : forEach;
      if (!(tables instanceof Map<?, ?> byId)) {
        continue;
      }
      String dir = BootstrapOrderTest.resolve(tree, logs, new HclValue.Opaque("var.schemas_dir"));
      for (var e : byId.entrySet()) {
        out.put((String) e.getKey(), Path.of(dir).resolve((String) e.getValue()).normalize());
      }
    }
    return out;
  }
}
