package dev.gyre.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class TableTest {

    private static final Schema SCHEMA = Schema.of(
            new Field("age", ColumnType.NUMERIC),
            new Field("sex", ColumnType.CATEGORICAL),
            new Field("survived", ColumnType.BOOLEAN),
            new Field("name", ColumnType.TEXT),
            new Field("at", ColumnType.TIMESTAMP));

    private static Table sample() {
        return new TableBuilder(SCHEMA)
                .addRow(22.0, "male", false, "Braund", Instant.ofEpochMilli(1000))
                .addRow(null, "female", true, "Cumings", null)
                .addRow(26, null, null, null, 3000L)
                .build();
    }

    @Test
    void buildsTypedColumnsWithExplicitMissingValues() {
        Table table = sample();
        assertThat(table.rowCount()).isEqualTo(3);
        assertThat(table.schema()).isEqualTo(SCHEMA);
        NumericColumn age = (NumericColumn) table.column("age");
        assertThat(age.get(0)).isEqualTo(22.0);
        assertThat(age.isMissing(1)).isTrue();
        assertThat(age.get(1)).isNull();
        assertThat(age.getDouble(1)).isNaN();
        assertThat(age.get(2)).isEqualTo(26.0);
        CategoricalColumn sex = (CategoricalColumn) table.column("sex");
        assertThat(sex.dictionary()).containsExactly("male", "female");
        assertThat(sex.code(2)).isEqualTo(CategoricalColumn.MISSING);
        assertThat(sex.missingCount()).isEqualTo(1);
        BooleanColumn survived = (BooleanColumn) table.column("survived");
        assertThat(survived.get(1)).isTrue();
        assertThat(survived.get(2)).isNull();
        assertThat(survived.trueCount()).isEqualTo(1);
        assertThat(table.column("name").get(2)).isNull();
        assertThat(table.column("at").get(0)).isEqualTo(Instant.ofEpochMilli(1000));
        assertThat(table.column("at").get(2)).isEqualTo(Instant.ofEpochMilli(3000));
        assertThat(table.column("at").isMissing(1)).isTrue();
    }

    @Test
    void emptyStringIsAValueNotMissing() {
        Table table = Table.of(TextColumn.of("t", "", null));
        assertThat(table.column("t").isMissing(0)).isFalse();
        assertThat(table.column("t").isMissing(1)).isTrue();
    }

    @Test
    void takeSliceSelectAndDropKeepValuesAndMissingness() {
        Table table = sample();
        Table taken = table.take(new int[] {2, 0, 2});
        assertThat(taken.rowCount()).isEqualTo(3);
        assertThat(taken.row(0)).containsEntry("age", 26.0).containsEntry("sex", null);
        assertThat(taken.row(1)).containsEntry("name", "Braund").containsEntry("survived", false);
        Table sliced = table.slice(1, 3);
        assertThat(sliced.rowCount()).isEqualTo(2);
        assertThat(sliced.column("age").isMissing(0)).isTrue();
        assertThat(sliced.column("survived").get(0)).isEqualTo(true);
        assertThat(table.select(List.of("name", "age")).schema().names()).containsExactly("name", "age");
        assertThat(table.drop(List.of("name", "nope")).schema().names()).containsExactly("age", "sex", "survived", "at");
        Table replaced = table.with(NumericColumn.of("age", 1, 2, 3));
        assertThat(replaced.schema().names()).isEqualTo(table.schema().names());
        assertThat(replaced.column("age").get(1)).isEqualTo(2.0);
    }

    @Test
    void rowFromMapTreatsAbsentNamesAsMissing() {
        Table table = new TableBuilder(SCHEMA).addRow(Map.of("age", 3, "name", "x")).build();
        assertThat(table.row(0)).containsEntry("age", 3.0).containsEntry("sex", null).containsEntry("at", null);
    }

    @Test
    void refusesWrongTypesWithoutAppendingAnything() {
        TableBuilder builder = new TableBuilder(SCHEMA);
        assertThatThrownBy(() -> builder.addRow("old", "male", false, "x", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'age' is numeric");
        assertThat(builder.rowCount()).isZero();
        assertThat(builder.build().rowCount()).isZero();
    }

    @Test
    void refusesRaggedColumnsDuplicateNamesAndUnknownColumns() {
        assertThatThrownBy(() -> Table.of(NumericColumn.of("a", 1, 2), NumericColumn.of("b", 1)))
                .hasMessageContaining("same length");
        assertThatThrownBy(() -> Table.of(NumericColumn.of("a", 1), NumericColumn.of("a", 1)))
                .hasMessageContaining("Duplicate column name 'a'");
        assertThatThrownBy(() -> sample().column("fare"))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("[age, sex, survived, name, at]");
    }

    @Test
    void columnTypeWireNamesRoundTrip() {
        for (ColumnType type : ColumnType.values()) {
            assertThat(ColumnType.fromWireName(type.wireName().toUpperCase())).isEqualTo(type);
        }
        assertThatThrownBy(() -> ColumnType.fromWireName("float")).hasMessageContaining("use one of");
    }
}
