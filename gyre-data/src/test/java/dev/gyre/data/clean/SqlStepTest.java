package dev.gyre.data.clean;

import static dev.gyre.data.clean.CleanerTest.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.Field;
import dev.gyre.core.table.Schema;
import dev.gyre.core.table.Table;
import dev.gyre.core.table.TableBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlStepTest {

    private static final Table TABLE = new TableBuilder(new Schema(List.of(
            new Field("n", ColumnType.NUMERIC), new Field("city", ColumnType.CATEGORICAL),
            new Field("note", ColumnType.TEXT), new Field("flag", ColumnType.BOOLEAN),
            new Field("at", ColumnType.TIMESTAMP), new Field("odd \"name\"", ColumnType.NUMERIC))))
            .addRow(1.5, "Oslo", "first", true, Instant.parse("2024-01-02T03:04:05.678Z"), 1)
            .addRow(-2, "Bergen", null, false, Instant.parse("1969-12-31T23:59:59Z"), 2)
            .addRow(null, null, "", null, null, null)
            .build();

    private final Cleaner cleaner = new Cleaner();

    private Table sql(String query) {
        return cleaner.clean(TABLE, CleanSpec.of(new CleanStep.Sql(query))).table();
    }

    @Test
    void everyColumnTypeSurvivesTheRoundTrip() {
        Table out = sql("SELECT * FROM data");

        assertThat(out.schema()).isEqualTo(TABLE.schema());
        for (String column : TABLE.schema().names()) {
            assertThat(values(out, column)).as(column).isEqualTo(values(TABLE, column));
        }
    }

    @Test
    void resultTypesMapBackToTableTypes() {
        Table out = sql("""
                SELECT n * 2 AS doubled, CAST(n AS INTEGER) AS whole, n::DECIMAL(10, 2) AS money,
                       city, city AS town, upper(city) AS city_upper, note,
                       NOT flag AS negated, \"at\"::DATE AS day, \"at\"::TIMESTAMPTZ AS zoned, \"at\"::TIMESTAMP_NS AS nanos,
                       \"odd \"\"name\"\"\" + 1 AS plus
                FROM data ORDER BY n DESC NULLS LAST
                """);

        assertThat(out.schema().fields()).containsExactly(
                new Field("doubled", ColumnType.NUMERIC), new Field("whole", ColumnType.NUMERIC),
                new Field("money", ColumnType.NUMERIC), new Field("city", ColumnType.CATEGORICAL),
                new Field("town", ColumnType.TEXT), new Field("city_upper", ColumnType.TEXT),
                new Field("note", ColumnType.TEXT), new Field("negated", ColumnType.BOOLEAN),
                new Field("day", ColumnType.TIMESTAMP), new Field("zoned", ColumnType.TIMESTAMP),
                new Field("nanos", ColumnType.TIMESTAMP), new Field("plus", ColumnType.NUMERIC));
        assertThat(values(out, "doubled")).containsExactly(3.0, -4.0, null);
        assertThat(values(out, "whole")).containsExactly(2.0, -2.0, null);
        assertThat(values(out, "money")).containsExactly(1.5, -2.0, null);
        assertThat(values(out, "city_upper")).containsExactly("OSLO", "BERGEN", null);
        assertThat(values(out, "note")).containsExactly("first", null, "");
        assertThat(values(out, "negated")).containsExactly(false, true, null);
        assertThat(values(out, "day")).containsExactly(Instant.parse("2024-01-02T00:00:00Z"),
                Instant.parse("1969-12-31T00:00:00Z"), null);
        assertThat(values(out, "zoned").get(0)).isEqualTo(Instant.parse("2024-01-02T03:04:05.678Z"));
        assertThat(values(out, "nanos").get(1)).isEqualTo(Instant.parse("1969-12-31T23:59:59Z"));
        assertThat(values(out, "plus")).containsExactly(2.0, 3.0, null);
    }

    @Test
    void aQueryMayFilterAggregateAndUseWithOrFromFirstForms() {
        assertThat(sql("FROM data WHERE flag").rowCount()).isEqualTo(1);
        assertThat(values(sql("WITH x AS (SELECT n FROM data WHERE n IS NOT NULL) SELECT sum(n) AS total FROM x;"),
                "total")).containsExactly(-0.5);
        Table empty = sql("SELECT city FROM data WHERE false");
        assertThat(empty.rowCount()).isZero();
        assertThat(empty.schema().fields()).containsExactly(new Field("city", ColumnType.CATEGORICAL));
    }

    @Test
    void readingAFileInsideAStepIsRefusedClearly() {
        assertThatThrownBy(() -> sql("SELECT * FROM read_csv('/etc/passwd')"))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageStartingWith("Step 1 (sql): The query tried to reach a file, URL or database, which an sql"
                        + " step may not: it can read only the table 'data'. DuckDB said: Permission Error:");
        assertThatThrownBy(() -> sql("SELECT * FROM data, read_text('/etc/hostname')"))
                .hasMessageContaining("it can read only the table 'data'");
        assertThatThrownBy(() -> sql("SELECT * FROM 'https://example.com/data.csv'"))
                .hasMessageContaining("it can read only the table 'data'");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "DROP TABLE data",
            "SELECT 1; DROP TABLE data",
            "COPY data TO 'out.csv'",
            "ATTACH 'other.db'",
            "SET enable_external_access = true",
            "INSTALL httpfs",
            "PRAGMA version",
    })
    void anythingButOneSelectIsRefused(String query) {
        assertThatThrownBy(() -> sql(query))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessage("Step 1 (sql): The query must be one SELECT over the table 'data' (WITH ... SELECT and"
                        + " FROM-first queries work too); statements that change or configure the database are not"
                        + " allowed.");
    }

    @Test
    void twoSelectsAreRefused() {
        assertThatThrownBy(() -> sql("SELECT 1; SELECT 2"))
                .hasMessage("Step 1 (sql): The query holds 2 statements; write exactly one SELECT (use a WITH clause or"
                        + " a further sql step for intermediate results).");
    }

    @Test
    void failingQueriesSayWhyAndWhatTheTableLooksLike() {
        assertThatThrownBy(() -> sql("SELEC n FROM data"))
                .hasMessageStartingWith("Step 1 (sql): The query is not valid SQL: syntax error at or near \"SELEC\"");
        assertThatThrownBy(() -> sql("SELECT nope FROM data"))
                .hasMessageStartingWith("Step 1 (sql): The query failed: Binder Error:")
                .hasMessageEndingWith("(the table is named 'data' with the columns [n, city, note, flag, at,"
                        + " odd \"name\"])");
        assertThatThrownBy(() -> sql("SELECT n, n FROM data"))
                .hasMessage("Step 1 (sql): The query returns two columns named 'n'; give each its own name with AS.");
        assertThatThrownBy(() -> sql("SELECT [n] AS list FROM data"))
                .hasMessage("Step 1 (sql): The query's column 'list' has the SQL type DOUBLE[], which a table cannot"
                        + " hold; cast it to VARCHAR, DOUBLE, BOOLEAN or TIMESTAMP.");
    }
}
