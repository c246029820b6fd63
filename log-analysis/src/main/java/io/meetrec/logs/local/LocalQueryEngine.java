package io.meetrec.logs.local;

import com.google.zetasql.Analyzer;
import com.google.zetasql.AnalyzerOptions;
import com.google.zetasql.LanguageOptions;
import com.google.zetasql.PreparedQuery;
import com.google.zetasql.SimpleCatalog;
import com.google.zetasql.SimpleColumn;
import com.google.zetasql.SimpleTable;
import com.google.zetasql.SqlException;
import com.google.zetasql.TableContent;
import com.google.zetasql.ZetaSQLBuiltinFunctionOptions;
import com.google.zetasql.ZetaSQLOptions.ProductMode;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedQueryStmt;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedStatement;
import io.meetrec.logs.QueryResult;
import io.meetrec.logs.query.SavedQueries;
import io.meetrec.logs.query.SavedQuery;
import io.meetrec.shared.logging.LogSinkSchema;
import io.meetrec.shared.logging.LogSinkSchema.SinkTable;
import io.meetrec.shared.logging.SinkColumn;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the saved BigQuery queries with ZetaSQL (the SQL front end BigQuery is built on) over rows
 * made from a JSON-lines log file, against the sink tables derived from the log contract. The
 * events view is evaluated first and registered as a table, as BigQuery would expand it.
 *
 * <p>The dataset placeholder becomes {@value #LOCAL_DATASET}, so {@code `${dataset}.stdout`} names
 * the table {@code local.stdout}.
 */
public final class LocalQueryEngine {

  public static final String LOCAL_DATASET = "local";

  private final AnalyzerOptions options = analyzerOptions();
  private final SimpleCatalog catalog = new SimpleCatalog("logs");
  private final Map<String, TableContent> contents = new HashMap<>();

  /** An engine over the given rows; the events view is materialized from them. */
  public LocalQueryEngine(SinkRows rows, SavedQueries queries) {
    catalog.addZetaSQLFunctionsAndTypes(
        new ZetaSQLBuiltinFunctionOptions(options.getLanguageOptions()));
    for (SinkTable table : SinkTable.values()) {
      String name = tableName(table.tableName());
      SimpleTable simpleTable = new SimpleTable(name);
      for (SinkColumn column : LogSinkSchema.columns(table)) {
        simpleTable.addSimpleColumn(column.name(), ZetaSqlTypes.type(column));
      }
      catalog.addSimpleTable(name, simpleTable);
      contents.put(name, TableContent.create(List.copyOf(rows.rows(table))));
    }
    SavedQuery view = queries.eventsView();
    try (PreparedQuery prepared = prepare(view)) {
      String name = tableName(view.name());
      SimpleTable viewTable = new SimpleTable(name);
      for (SimpleColumn column : prepared.getColumns()) {
        viewTable.addSimpleColumn(column.getName(), column.getType());
      }
      TableContent viewRows = prepared.execute(Map.of());
      catalog.addSimpleTable(name, viewTable);
      contents.put(name, viewRows);
    }
  }

  /** An engine over no rows, for analysing queries. */
  public static LocalQueryEngine empty(SavedQueries queries) {
    return new LocalQueryEngine(new SinkRows(), queries);
  }

  /**
   * Analyses a query against the sink schema and returns its output column names.
   *
   * @throws SqlException on any error in the query
   */
  public List<String> analyze(SavedQuery query) {
    ResolvedStatement statement =
        Analyzer.analyzeStatement(query.render(LOCAL_DATASET), options, catalog);
    if (!(statement instanceof ResolvedQueryStmt queryStatement)) {
      throw new IllegalArgumentException(query.name() + " is not a query");
    }
    return queryStatement.getOutputColumnList().stream().map(c -> c.getName()).toList();
  }

  /**
   * Executes a query over the rows.
   *
   * @throws IllegalArgumentException for a query that only BigQuery can execute
   * @throws SqlException on any error in the query
   */
  public QueryResult execute(SavedQuery query) {
    if (query.bigQueryOnly()) {
      throw new IllegalArgumentException(
          query.name()
              + " uses BigQuery's APPROX_ aggregates, which ZetaSQL cannot execute locally;"
              + " run its exact variant "
              + query.name()
              + "_exact instead");
    }
    try (PreparedQuery prepared = prepare(query)) {
      List<String> columns = prepared.getColumns().stream().map(SimpleColumn::getName).toList();
      List<List<Object>> rows =
          prepared.execute(Map.of()).getTableData().stream()
              .map(row -> row.stream().map(ZetaSqlTypes::toJava).toList())
              .map(row -> (List<Object>) new java.util.ArrayList<Object>(row))
              .toList();
      return new QueryResult(columns, rows);
    }
  }

  private PreparedQuery prepare(SavedQuery query) {
    return PreparedQuery.builder()
        .setSql(query.render(LOCAL_DATASET))
        .setAnalyzerOptions(options)
        .setCatalog(catalog)
        .setTablesContents(contents)
        .prepare();
  }

  private static String tableName(String table) {
    return LOCAL_DATASET + "." + table;
  }

  private static AnalyzerOptions analyzerOptions() {
    LanguageOptions language = new LanguageOptions().enableMaximumLanguageFeatures();
    language.setSupportsAllStatementKinds();
    // BigQuery's dialect: INT64/FLOAT64 names, no unsigned types.
    language.setProductMode(ProductMode.PRODUCT_EXTERNAL);
    AnalyzerOptions options = new AnalyzerOptions();
    options.setLanguageOptions(language);
    // BigQuery evaluates DATE(ts) and friends in UTC; ZetaSQL's default zone is Los Angeles.
    options.setDefaultTimezone("UTC");
    return options;
  }

  /** Names of the tables a query may read, as the local catalog has them. */
  public List<String> tableNames() {
    return catalog.getTableNameList();
  }
}
