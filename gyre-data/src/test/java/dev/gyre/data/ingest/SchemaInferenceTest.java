package dev.gyre.data.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaInferenceTest {

    private static ColumnType infer(String... values) {
        return SchemaInference.inferType(Arrays.asList(values));
    }

    @Test
    void integersDecimalsAndExponentsAreNumeric() {
        assertThat(infer("1", "-2", "+3.5", ".25", "6.", "1e3", "2.5E-4", " 7 ")).isEqualTo(ColumnType.NUMERIC);
        assertThat(infer("0", "1", "1", "0")).isEqualTo(ColumnType.NUMERIC);
        assertThat(infer("1", "Infinity", "-inf")).isEqualTo(ColumnType.NUMERIC);
    }

    @Test
    void thingsThatOnlyLookNumericAreNot() {
        assertThat(infer("1,000", "2,000")).isNotEqualTo(ColumnType.NUMERIC);
        assertThat(infer("0x1F")).isNotEqualTo(ColumnType.NUMERIC);
        assertThat(infer("1d")).isNotEqualTo(ColumnType.NUMERIC);
        assertThat(infer("12%")).isNotEqualTo(ColumnType.NUMERIC);
        assertThat(infer("1e")).isNotEqualTo(ColumnType.NUMERIC);
        assertThat(infer(".")).isNotEqualTo(ColumnType.NUMERIC);
    }

    @Test
    void missingMarkersAreSkippedWhenInferring() {
        assertThat(infer("1", "", "NA", "N/A", "n/a", "null", "NULL", "NaN", "nan", "#N/A", "<NA>", " ", "2"))
                .isEqualTo(ColumnType.NUMERIC);
        assertThat(infer("", "NA", null)).isEqualTo(ColumnType.TEXT);
        assertThat(TextValues.isMissing("None")).isFalse();
        assertThat(TextValues.isMissing("na")).isFalse();
    }

    @Test
    void onlyTrueAndFalseAreInferredBoolean() {
        assertThat(infer("true", "FALSE", "True")).isEqualTo(ColumnType.BOOLEAN);
        assertThat(infer("yes", "no")).isEqualTo(ColumnType.CATEGORICAL);
        assertThat(infer("true", "1")).isEqualTo(ColumnType.CATEGORICAL);
    }

    @Test
    void isoDatesAndDateTimesAreTimestamps() {
        assertThat(infer("2024-01-31", "2024-02-29T10:15", "2024-03-01T10:15:30.123Z", "2024-03-01 10:15:30+02:00",
                "2024-03-01T10:15:30-0500", "2024-03-01T10:15:30+01")).isEqualTo(ColumnType.TIMESTAMP);
        assertThat(infer("2023-02-29")).isNotEqualTo(ColumnType.TIMESTAMP);
        assertThat(infer("31/01/2024")).isNotEqualTo(ColumnType.TIMESTAMP);
        assertThat(infer("2024-01-31", "5")).isNotEqualTo(ColumnType.TIMESTAMP);
    }

    @Test
    void timestampsWithoutAZoneAreUtc() {
        assertThat(TextValues.parseTimestamp("2024-03-01T10:15:30")).isEqualTo(1709288130000L);
        assertThat(TextValues.parseTimestamp("2024-03-01 12:15:30+02:00")).isEqualTo(1709288130000L);
        assertThat(TextValues.parseTimestamp("2024-03-01")).isEqualTo(1709251200000L);
        assertThat(TextValues.parseTimestamp("2024-03-01T10:15:30.123456789Z")).isEqualTo(1709288130123L);
    }

    @Test
    void fewDistinctShortStringsAreCategoricalAndManyOrLongOnesText() {
        List<String> colours = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            colours.add("colour" + (i % 50));
        }
        // 50 distinct of 1000 values: exactly 5%
        assertThat(SchemaInference.stringType(colours)).isEqualTo(ColumnType.CATEGORICAL);
        colours.add("colour50");
        colours.add("colour51");
        // 52 distinct of 1002 values: over 5% (50)
        assertThat(SchemaInference.stringType(colours)).isEqualTo(ColumnType.TEXT);

        List<String> few = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            few.add("v" + i);
        }
        assertThat(SchemaInference.stringType(few)).isEqualTo(ColumnType.CATEGORICAL);
        few.add("v20");
        assertThat(SchemaInference.stringType(few)).isEqualTo(ColumnType.TEXT);

        String sentence = "a rather long free-text comment that goes on and on";
        assertThat(SchemaInference.stringType(List.of(sentence, sentence, sentence))).isEqualTo(ColumnType.TEXT);
    }

    @Test
    void overridesWinAndMustNameExistingColumns() {
        List<String[]> rows = List.of(new String[]{"1", "a"}, new String[]{"2", "b"});
        SchemaInference inference = new SchemaInference(Map.of("n", ColumnType.CATEGORICAL));
        assertThat(inference.infer(List.of("n", "s"), rows, "File t.csv").fields())
                .containsExactly(new Field("n", ColumnType.CATEGORICAL), new Field("s", ColumnType.CATEGORICAL));
        assertThat(inference.isOverridden("n")).isTrue();
        assertThat(inference.isOverridden("s")).isFalse();
        assertThatThrownBy(() -> new SchemaInference(Map.of("x", ColumnType.TEXT)).infer(List.of("n"), rows, "File t.csv"))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("no column 'x'");
    }
}
