package dev.gyre.data.clean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.BooleanColumn;
import dev.gyre.core.table.CategoricalColumn;
import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.Field;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Schema;
import dev.gyre.core.table.Table;
import dev.gyre.core.table.TableBuilder;
import dev.gyre.core.table.TextColumn;
import dev.gyre.core.table.TimestampColumn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CleanerTest {

    private final Cleaner cleaner = new Cleaner();
    private final CleanSpecParser parser = new CleanSpecParser();

    private static Table passengers() {
        return new TableBuilder(new Schema(List.of(
                new Field("passenger_id", ColumnType.NUMERIC), new Field("name", ColumnType.TEXT),
                new Field("Survived", ColumnType.NUMERIC), new Field("age", ColumnType.TEXT),
                new Field("pclass", ColumnType.NUMERIC), new Field("fare", ColumnType.NUMERIC),
                new Field("embarked", ColumnType.CATEGORICAL), new Field("ticket", ColumnType.TEXT))))
                .addRow(1, " Ann ", 1, "34", 1, 70.0, "C", "A1")
                .addRow(2, "Bob", 0, "n/a", 3, 7.25, null, "B2")
                .addRow(3, "Cy", 0, "17", 3, -1.0, "S", "C3")
                .addRow(2, "Bob", 0, "n/a", 3, 7.25, null, "B2")
                .addRow(4, null, 1, "40", 2, 13.0, "Q", "D4")
                .addRow(5, "Eve", 1, " 9 ", 2, 20.0, null, "E5")
                .addRow(6, "Fay", 0, "", 1, 50.0, "S", "F6")
                .build();
    }

    @Test
    void appliesASpecFromYamlAndLogsEveryStep() {
        CleanResult result = cleaner.clean(passengers(), parser.parse(CleanSpecParserTest.resource("passengers.yaml")));

        Table table = result.table();
        assertThat(table.schema().fields()).containsExactly(
                new Field("passenger_id", ColumnType.NUMERIC), new Field("name", ColumnType.TEXT),
                new Field("survived", ColumnType.NUMERIC), new Field("age", ColumnType.NUMERIC),
                new Field("pclass", ColumnType.CATEGORICAL), new Field("fare", ColumnType.NUMERIC),
                new Field("embarked", ColumnType.CATEGORICAL), new Field("age_group", ColumnType.TEXT));
        assertThat(values(table, "passenger_id")).containsExactly(1.0, 2.0, 5.0, 6.0);
        assertThat(values(table, "name")).containsExactly("Ann", "Bob", "Eve", "Fay");
        assertThat(values(table, "age")).containsExactly(34.0, 21.5, 9.0, 21.5);
        assertThat(values(table, "pclass")).containsExactly("1", "3", "2", "1");
        assertThat(values(table, "embarked")).containsExactly("C", "S", "S", "S");
        assertThat(values(table, "age_group")).containsExactly("adult", "adult", "child", "adult");

        assertThat(result.log()).extracting(StepLog::summary).containsExactly(
                "1 drop_columns: 7 → 7 rows, 8 → 7 columns",
                "2 rename: 7 → 7 rows, 7 → 7 columns",
                "3 trim: 7 → 7 rows, 7 → 7 columns",
                "4 cast: 7 → 7 rows, 7 → 7 columns (3 values of 'age' did not convert to numeric and became missing)",
                "5 filter: 7 → 5 rows, 7 → 7 columns",
                "6 drop_duplicates: 5 → 4 rows, 7 → 7 columns",
                "7 fill_missing: 4 → 4 rows, 7 → 7 columns (filled 2 missing values of 'age' with 21.5)",
                "8 fill_missing: 4 → 4 rows, 7 → 7 columns (filled 2 missing values of 'embarked' with S)",
                "9 sql: 4 → 4 rows, 7 → 8 columns");
    }

    @Test
    void anEmptySpecReturnsTheTableUnchanged() {
        Table table = passengers();
        CleanResult result = cleaner.clean(table, CleanSpec.of());
        assertThat(result.table()).isSameAs(table);
        assertThat(result.log()).isEmpty();
    }

    @Test
    void dropAndRenameRefuseUnknownColumnsAndNameClashes() {
        Table table = passengers();
        assertThatThrownBy(() -> clean(table, new CleanStep.DropColumns(List.of("cabin"))))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessage("Step 1 (drop_columns): there is no column 'cabin'; the columns are [passenger_id, name,"
                        + " Survived, age, pclass, fare, embarked, ticket].");
        assertThatThrownBy(() -> clean(table, new CleanStep.Rename(Map.of("survived", "s"))))
                .hasMessageContaining("(did you mean 'Survived'? names are case-sensitive)");
        assertThatThrownBy(() -> clean(table, new CleanStep.Rename(Map.of("name", "age"))))
                .hasMessage("Step 1 (rename): renaming would give two columns the name 'age'; choose a name no other"
                        + " column has, or rename that column too.");

        Table swapped = clean(table, new CleanStep.Rename(Map.of("name", "ticket", "ticket", "name")));
        assertThat(swapped.column("name").get(0)).isEqualTo("A1");
        assertThat(swapped.column("ticket").get(0)).isEqualTo(" Ann ");
    }

    @Test
    void castsConvertEveryKindOfValueOrFailNamingTheRow() {
        Table table = Table.of(
                TextColumn.of("number", "1.5", " 2 ", "1e3", null),
                TextColumn.of("flag", "yes", "0", "TRUE", "no"),
                TextColumn.of("when", "2024-01-02", "2024-01-02T03:04:05", "2024-01-02T03:04:05+01:00", null),
                NumericColumn.of("n", 3, 2.5, 1, 0),
                NumericColumn.of("millis", 0, 1000, 86_400_000, -1));
        Table cast = clean(table, new CleanStep.Cast(Map.of("number", ColumnType.NUMERIC, "flag", ColumnType.BOOLEAN,
                "when", ColumnType.TIMESTAMP, "n", ColumnType.TEXT, "millis", ColumnType.TIMESTAMP),
                CleanStep.OnError.ERROR));

        assertThat(values(cast, "number")).containsExactly(1.5, 2.0, 1000.0, null);
        assertThat(values(cast, "flag")).containsExactly(true, false, true, false);
        assertThat(values(cast, "when")).containsExactly(Instant.parse("2024-01-02T00:00:00Z"),
                Instant.parse("2024-01-02T03:04:05Z"), Instant.parse("2024-01-02T02:04:05Z"), null);
        assertThat(values(cast, "n")).containsExactly("3", "2.5", "1", "0");
        assertThat(values(cast, "millis").get(2)).isEqualTo(Instant.parse("1970-01-02T00:00:00Z"));

        Table round = clean(cast, new CleanStep.Cast(Map.of("flag", ColumnType.NUMERIC, "when", ColumnType.NUMERIC,
                "n", ColumnType.CATEGORICAL), CleanStep.OnError.ERROR));
        assertThat(values(round, "flag")).containsExactly(1.0, 0.0, 1.0, 0.0);
        assertThat(values(round, "when").get(0)).isEqualTo((double) Instant.parse("2024-01-02T00:00:00Z").toEpochMilli());
        assertThat(round.column("n")).isInstanceOf(CategoricalColumn.class);

        Table bad = Table.of(TextColumn.of("age", "34", "NaN", "old", "Infinity"), NumericColumn.of("n", 1, 0, 2, 1));
        assertThatThrownBy(() -> clean(bad, new CleanStep.Cast(Map.of("age", ColumnType.NUMERIC), CleanStep.OnError.ERROR)))
                .hasMessage("Step 1 (cast): Column 'age': the value 'NaN' in row 1 does not convert to numeric; fix"
                        + " the data, or set on_error: missing to make such values missing.");
        Table lenient = clean(bad, new CleanStep.Cast(Map.of("age", ColumnType.NUMERIC, "n", ColumnType.BOOLEAN),
                CleanStep.OnError.MISSING));
        assertThat(values(lenient, "age")).containsExactly(34.0, null, null, null);
        assertThat(values(lenient, "n")).containsExactly(true, false, null, true);
        assertThatThrownBy(() -> clean(lenient, new CleanStep.Cast(Map.of("n", ColumnType.TIMESTAMP),
                CleanStep.OnError.MISSING)))
                .hasMessageContaining("Column 'n' is boolean and cannot be cast to timestamp");
    }

    @Test
    void trimStripsTextAndMergesCategoricalValues() {
        Table table = Table.of(TextColumn.of("name", " Ann", "Bob ", null, "\tCy\u2003"),
                CategoricalColumn.of("city", "Oslo", " Oslo ", "Bergen", null),
                NumericColumn.of("n", 1, 2, 3, 4));

        Table all = clean(table, new CleanStep.Trim(List.of()));
        assertThat(values(all, "name")).containsExactly("Ann", "Bob", null, "Cy");
        assertThat(((CategoricalColumn) all.column("city")).dictionary()).containsExactly("Oslo", "Bergen");

        Table one = clean(table, new CleanStep.Trim(List.of("name")));
        assertThat(values(one, "city")).containsExactly("Oslo", " Oslo ", "Bergen", null);
        assertThatThrownBy(() -> clean(table, new CleanStep.Trim(List.of("n"))))
                .hasMessage("Step 1 (trim): column 'n' is numeric; only text and categorical columns can be trimmed.");
    }

    @Test
    void dropDuplicatesKeepsTheFirstRowAndTreatsMissingValuesAsEqual() {
        Table table = Table.of(NumericColumn.of("id", 1, 2, 1, 3, 3),
                TextColumn.of("name", "a", null, "a", null, null),
                TextColumn.of("note", "x", "y", "z", "y", "y"));

        assertThat(values(clean(table, new CleanStep.DropDuplicates(List.of())), "id"))
                .containsExactly(1.0, 2.0, 1.0, 3.0);
        assertThat(values(clean(table, new CleanStep.DropDuplicates(List.of("id"))), "note"))
                .containsExactly("x", "y", "y");
        assertThat(values(clean(table, new CleanStep.DropDuplicates(List.of("name", "note"))), "id"))
                .containsExactly(1.0, 2.0, 1.0);
    }

    @Test
    void fillMissingWithConstantsOrStatistics() {
        Table table = Table.of(
                new NumericColumn("n", new double[] {1, 0, 2, 10, 0}, bits(1, 4)),
                CategoricalColumn.of("c", "b", "a", null, "a", "b"),
                TextColumn.of("t", null, null, null, null, null),
                new BooleanColumn("flag", 5, bits(0), bits(2)));

        CleanResult mean = cleaner.clean(table, CleanSpec.of(new CleanStep.FillStrategy(CleanStep.Strategy.MEAN,
                List.of())));
        assertThat(values(mean.table(), "n")).containsExactly(1.0, 13.0 / 3, 2.0, 10.0, 13.0 / 3);
        assertThat(values(mean.table(), "c").get(2)).isNull();

        assertThat(values(clean(table, new CleanStep.FillStrategy(CleanStep.Strategy.MEDIAN, List.of("n"))), "n"))
                .containsExactly(1.0, 2.0, 2.0, 10.0, 2.0);

        CleanResult frequent = cleaner.clean(table, CleanSpec.of(new CleanStep.FillStrategy(
                CleanStep.Strategy.MOST_FREQUENT, List.of())));
        // "b" and "a" occur twice each; "b" comes first
        assertThat(values(frequent.table(), "c").get(2)).isEqualTo("b");
        assertThat(values(frequent.table(), "flag").get(2)).isEqualTo(false);
        assertThat(frequent.log().get(0).notes()).contains("'t' has no values to compute a fill from and stays missing");

        Table constants = clean(table, new CleanStep.FillValues(Map.of("n", -1.0, "c", "none", "t", 0.0, "flag",
                true)));
        assertThat(values(constants, "n")).containsExactly(1.0, -1.0, 2.0, 10.0, -1.0);
        assertThat(values(constants, "c").get(2)).isEqualTo("none");
        assertThat(values(constants, "t")).containsOnly("0");
        assertThat(values(constants, "flag").get(2)).isEqualTo(true);

        assertThatThrownBy(() -> clean(table, new CleanStep.FillValues(Map.of("n", "zero"))))
                .hasMessage("Step 1 (fill_missing): column 'n' is numeric, so its fill value must be a number, not"
                        + " 'zero'.");
        assertThatThrownBy(() -> clean(table, new CleanStep.FillStrategy(CleanStep.Strategy.MEDIAN, List.of("c"))))
                .hasMessageContaining("column 'c' is categorical, and median needs a numeric column; use strategy"
                        + " most_frequent or a constant");
    }

    @Test
    void fillsTimestampsWithIsoConstants() {
        Table table = Table.of(new TimestampColumn("at", new long[] {5, 0}, bits(1)));
        Table filled = clean(table, new CleanStep.FillValues(Map.of("at", "2024-05-06")));
        assertThat(values(filled, "at")).containsExactly(Instant.ofEpochMilli(5), Instant.parse("2024-05-06T00:00:00Z"));
    }

    private Table clean(Table table, CleanStep step) {
        return cleaner.clean(table, CleanSpec.of(step)).table();
    }

    static List<Object> values(Table table, String column) {
        List<Object> out = new ArrayList<>();
        for (int row = 0; row < table.rowCount(); row++) {
            out.add(table.column(column).get(row));
        }
        return out;
    }

    private static BitSet bits(int... set) {
        BitSet bits = new BitSet();
        Arrays.stream(set).forEach(bits::set);
        return bits;
    }
}
