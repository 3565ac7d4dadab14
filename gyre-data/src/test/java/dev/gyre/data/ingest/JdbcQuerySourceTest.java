package dev.gyre.data.ingest;

import static dev.gyre.data.ingest.Inputs.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.Field;
import dev.gyre.data.TableStream;
import dev.gyre.data.internal.DuckDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcQuerySourceTest {

    private static final String POSTGRES_URL_ENV = "GYRE_TEST_POSTGRES_URL";

    @TempDir
    Path dir;

    @Test
    void streamsAQueryResultWithTypesFromTheDriver() throws Exception {
        try (Connection connection = DuckDb.open()) {
            String sql = "SELECT range AS id, range / 8 AS ratio, 'g' || (range % 2) AS grp, range > 2 AS big,"
                    + " TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (range) DAY AS at, NULL::VARCHAR AS nothing"
                    + " FROM range(5)";
            try (TableStream stream = JdbcQuerySource.query(connection, sql, IngestOptions.DEFAULTS.withChunkRows(2))) {
                assertThat(stream.schema().fields()).containsExactly(new Field("id", ColumnType.NUMERIC),
                        new Field("ratio", ColumnType.NUMERIC), new Field("grp", ColumnType.CATEGORICAL),
                        new Field("big", ColumnType.BOOLEAN), new Field("at", ColumnType.TIMESTAMP),
                        new Field("nothing", ColumnType.TEXT));
                List<Map<String, Object>> rows = rows(stream);
                assertThat(rows).hasSize(5);
                assertThat(rows.get(4)).containsEntry("id", 4.0).containsEntry("ratio", 0.5).containsEntry("grp", "g0")
                        .containsEntry("big", true).containsEntry("at", Instant.parse("2024-01-05T00:00:00Z"))
                        .containsEntry("nothing", null);
            }
            assertThat(connection.isClosed()).isFalse();
        }
    }

    @Test
    void aFailingQueryIsAnErrorWithTheDatabaseMessageAndTheQueryStart() throws Exception {
        String sql = "SELECT * FROM no_such_table WHERE " + "x = 1 AND ".repeat(40) + "TRUE";
        try (Connection connection = DuckDb.open()) {
            assertThatThrownBy(() -> JdbcQuerySource.query(connection, sql, IngestOptions.DEFAULTS))
                    .isInstanceOf(GyreException.InvalidArgument.class)
                    .hasMessageContaining("The query failed: Catalog Error: Table with name no_such_table does not exist")
                    .hasMessageContaining("Query: '" + sql.substring(0, 200) + "…'")
                    .hasMessageNotContaining(sql.substring(0, 201));
        }
    }

    @Test
    void materialisesAQueryAsACsvThatReadsBackToTheSameValues() throws Exception {
        Path csv = dir.resolve("out/result.csv");
        try (Connection connection = DuckDb.open()) {
            String sql = "SELECT range AS id, 1.0 / (range + 3) AS third, range * 1e20 AS big,"
                    + " CASE WHEN range = 1 THEN NULL ELSE 'say \"hi\", ' || range END AS quote,"
                    + " CASE WHEN range = 2 THEN 'two' || chr(10) || 'lines' ELSE 'plain' END AS lines,"
                    + " TIMESTAMP '2024-02-29 23:59:59.125' + INTERVAL (range) MINUTE AS at, range % 2 = 1 AS odd"
                    + " FROM range(30)";
            long written = JdbcQuerySource.toCsv(connection, sql, csv, IngestOptions.DEFAULTS);
            assertThat(written).isEqualTo(30);
            List<Map<String, Object>> expected;
            try (TableStream again = JdbcQuerySource.query(connection, sql, IngestOptions.DEFAULTS)) {
                expected = rows(again);
            }
            try (CsvTableStream reread = CsvTableStream.open(csv, IngestOptions.DEFAULTS)) {
                assertThat(rows(reread)).isEqualTo(expected);
            }
        }
        assertThat(Files.readAllLines(csv).subList(0, 3)).containsExactly("id,third,big,quote,lines,at,odd",
                "0,0.3333333333333333,0,\"say \"\"hi\"\", 0\",plain,2024-02-29T23:59:59.125Z,false",
                "1,0.25,1.0E20,,plain,2024-03-01T00:00:59.125Z,true");
        try (var files = Files.list(csv.getParent())) {
            assertThat(files).containsExactly(csv);
        }
    }

    @Test
    void readsFromPostgresqlWhenConfigured() throws Exception {
        String url = System.getenv(POSTGRES_URL_ENV);
        Assumptions.assumeTrue(url != null && !url.isBlank(),
                "PostgreSQL tests skipped: set " + POSTGRES_URL_ENV + "=jdbc:postgresql://127.0.0.1:5432/test to run them");
        String user = System.getenv().getOrDefault("GYRE_TEST_POSTGRES_USER", "postgres");
        String password = System.getenv("GYRE_TEST_POSTGRES_PASSWORD");
        String schema = "ingest_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        try (Connection connection = DriverManager.getConnection(url.strip(), user, password)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA " + schema);
            }
            try {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE TABLE " + schema + ".patients (id bigint, age int, weight numeric(5,1),"
                            + " smoker boolean, ward text, seen timestamptz, born date, visit timestamp, note text)");
                    statement.execute("INSERT INTO " + schema + ".patients SELECT g, 20 + g % 50,"
                            + " CASE WHEN g % 10 = 0 THEN NULL ELSE 60.5 + g % 7 END, g % 3 = 0, 'ward-' || (g % 4),"
                            + " TIMESTAMPTZ '2024-06-01 12:00:00+02' + g * INTERVAL '1 hour', DATE '1980-01-01' + g,"
                            + " TIMESTAMP '2024-06-01 08:30:00' + g * INTERVAL '1 minute', 'note, \"' || g || '\"'"
                            + " FROM generate_series(1, 2500) g");
                }
                connection.setAutoCommit(false);
                String sql = "SELECT * FROM " + schema + ".patients ORDER BY id";
                try (TableStream stream = JdbcQuerySource.query(connection, sql,
                        IngestOptions.DEFAULTS.withChunkRows(1000))) {
                    assertThat(stream.schema().fields()).extracting(Field::type).containsExactly(ColumnType.NUMERIC,
                            ColumnType.NUMERIC, ColumnType.NUMERIC, ColumnType.BOOLEAN, ColumnType.CATEGORICAL,
                            ColumnType.TIMESTAMP, ColumnType.TIMESTAMP, ColumnType.TIMESTAMP, ColumnType.TEXT);
                    List<Map<String, Object>> rows = rows(stream);
                    assertThat(rows).hasSize(2500);
                    assertThat(rows.get(9)).containsEntry("id", 10.0).containsEntry("age", 30.0)
                            .containsEntry("weight", null).containsEntry("smoker", false)
                            .containsEntry("ward", "ward-2").containsEntry("seen", Instant.parse("2024-06-01T20:00:00Z"))
                            .containsEntry("born", Instant.parse("1980-01-11T00:00:00Z"))
                            .containsEntry("visit", Instant.parse("2024-06-01T08:40:00Z"))
                            .containsEntry("note", "note, \"10\"");
                }
                Path csv = dir.resolve("patients.csv");
                assertThat(JdbcQuerySource.toCsv(connection, sql, csv, IngestOptions.DEFAULTS)).isEqualTo(2500);
                try (CsvTableStream reread = CsvTableStream.open(csv, IngestOptions.DEFAULTS);
                     TableStream original = JdbcQuerySource.query(connection, sql, IngestOptions.DEFAULTS)) {
                    assertThat(rows(reread)).isEqualTo(rows(original));
                }
                assertThatThrownBy(() -> JdbcQuerySource.query(connection, "SELECT nope FROM " + schema + ".patients",
                        IngestOptions.DEFAULTS))
                        .isInstanceOf(GyreException.InvalidArgument.class)
                        .hasMessageContaining("The query failed: ERROR: column \"nope\" does not exist")
                        .hasMessageContaining("Query: 'SELECT nope FROM " + schema + ".patients'");
                connection.rollback();
            } finally {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
    }
}
