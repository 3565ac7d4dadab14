package dev.gyre.data.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.Field;
import dev.gyre.core.table.Schema;
import dev.gyre.core.table.Table;
import dev.gyre.core.table.TableBuilder;
import dev.gyre.data.profile.Chunks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValidatorTest {
    static final Instant START = Instant.parse("1912-04-10T12:00:00Z");
    private static final Set<Integer> AGE_MISSING = Set.of(0, 20, 40, 60, 80);
    private static final List<Integer> AGE_OUT = List.of(7, 33, 58, 91, 99);

    /**
     * 100 passengers. age: 5 missing, 5 outside [0, 100]. port: S/C/Q, X at rows 3 and 4, missing at 5. id: P0..P99
     * with P10 again at rows 50 and 77. ticket: A100.., lower case at rows 2 and 9. boarded: hourly from START,
     * missing at 1.
     */
    static Table passengers() {
        Schema schema = Schema.of(new Field("id", ColumnType.TEXT), new Field("age", ColumnType.NUMERIC),
                new Field("port", ColumnType.CATEGORICAL), new Field("ticket", ColumnType.TEXT),
                new Field("adult", ColumnType.BOOLEAN), new Field("boarded", ColumnType.TIMESTAMP));
        TableBuilder builder = new TableBuilder(schema);
        for (int i = 0; i < 100; i++) {
            String id = i == 50 || i == 77 ? "P10" : "P" + i;
            Double age = AGE_MISSING.contains(i) ? null
                    : AGE_OUT.contains(i) ? (i % 2 == 0 ? -1.0 : 150.0) : Double.valueOf(20 + i % 50);
            String port = i == 3 || i == 4 ? "X" : i == 5 ? null : new String[] {"S", "C", "Q"}[i % 3];
            String ticket = (i == 2 || i == 9 ? "a" : "A") + (100 + i);
            Instant boarded = i == 1 ? null : START.plus(Duration.ofHours(i));
            builder.addRow(id, age, port, ticket, age != null && age >= 18, boarded);
        }
        return builder.build();
    }

    private static ExpectationResult only(String yaml) {
        ExpectationSuite suite = SuiteParser.parse("name: t\nexpectations:\n" + yaml, "t.yaml");
        ValidationReport report = Validator.validate(suite, Chunks.of(passengers(), 16));
        assertThat(report.rowCount()).isEqualTo(100);
        return report.results().get(0);
    }

    @Test
    void notNullCountsMissingRowsAsUnexpected() {
        ExpectationResult r = only("  - expect: not_null\n    column: age\n");
        assertThat(r.success()).isFalse();
        assertThat(r.elementCount()).isEqualTo(100);
        assertThat(r.missingCount()).isEqualTo(5);
        assertThat(r.unexpectedCount()).isEqualTo(5);
        assertThat(r.unexpectedPercent()).isEqualTo(5.0);
        assertThat(r.examples()).extracting(UnexpectedValue::row).containsExactly(0L, 20L, 40L, 60L, 80L);
        assertThat(r.examples()).extracting(UnexpectedValue::value).containsOnlyNulls();
    }

    @Test
    void betweenSkipsMissingValuesAndIsInclusive() {
        ExpectationResult r = only("  - expect: between\n    column: age\n    min: 0\n    max: 100\n");
        assertThat(r.success()).isFalse();
        assertThat(r.missingCount()).isEqualTo(5);
        assertThat(r.unexpectedCount()).isEqualTo(5);
        assertThat(r.unexpectedPercent()).isCloseTo(100.0 * 5 / 95, within(1e-9));
        assertThat(r.examples()).containsExactly(new UnexpectedValue(7, "150"), new UnexpectedValue(33, "150"),
                new UnexpectedValue(58, "-1"), new UnexpectedValue(91, "150"), new UnexpectedValue(99, "150"));

        assertThat(only("  - expect: between\n    column: age\n    min: 20\n    max: 69\n    mostly: 0.9\n").success())
                .as("both bounds are reached by the data and included").isTrue();
    }

    @ParameterizedTest(name = "mostly {0} → {1}")
    @CsvSource({"0.9, true", "0.947, true", "0.95, false", "0.99, false"})
    void mostlyIsTheFractionOfPresentValuesThatMustPass(String mostly, boolean success) {
        // 90 of the 95 present ages are within bounds: 94.7%
        ExpectationResult r = only("  - expect: between\n    column: age\n    min: 0\n    max: 100\n    mostly: "
                + mostly + "\n");
        assertThat(r.success()).isEqualTo(success);
        assertThat(r.unexpectedCount()).isEqualTo(5);
    }

    @Test
    void betweenComparesTimestampsWithIsoBounds() {
        ExpectationResult r = only("  - expect: between\n    column: boarded\n    min: 1912-04-10T12:00:00Z\n"
                + "    max: 1912-04-14\n");
        // hourly from noon on the 10th: rows up to 84 (midnight of the 14th) are in, 85..99 are out
        assertThat(r.missingCount()).isEqualTo(1);
        assertThat(r.unexpectedCount()).isEqualTo(15);
        assertThat(r.examples().get(0)).isEqualTo(new UnexpectedValue(85, "1912-04-14T01:00:00Z"));
    }

    @Test
    void inSetComparesStringFormsAndSkipsMissingValues() {
        ExpectationResult ports = only("  - expect: in_set\n    column: port\n    values: [S, C, Q]\n");
        assertThat(ports.unexpectedCount()).isEqualTo(2);
        assertThat(ports.missingCount()).isEqualTo(1);
        assertThat(ports.examples()).containsExactly(new UnexpectedValue(3, "X"), new UnexpectedValue(4, "X"));

        ExpectationResult ages = only("  - expect: in_set\n    column: age\n    values: [-1, 150, 20, 21, 22]\n");
        // in the set: one -1, four 150s and the five present rows aged 20 to 22 (1, 2, 50, 51, 52)
        assertThat(ages.unexpectedCount()).isEqualTo(95 - 10);
        ExpectationResult adults = only("  - expect: in_set\n    column: adult\n    values: [true]\n");
        assertThat(adults.unexpectedCount()).isEqualTo(6);
    }

    @Test
    void uniqueFlagsEveryRowOfARepeatedValueAcrossChunks() {
        ExpectationResult r = only("  - expect: unique\n    column: id\n");
        assertThat(r.unexpectedCount()).isEqualTo(3);
        assertThat(r.examples()).containsExactly(new UnexpectedValue(10, "P10"), new UnexpectedValue(50, "P10"),
                new UnexpectedValue(77, "P10"));
        assertThat(r.unexpectedPercent()).isEqualTo(3.0);
        assertThat(only("  - expect: unique\n    column: ticket\n").success()).isTrue();
    }

    @Test
    void regexMustMatchTheWholeStringForm() {
        ExpectationResult r = only("  - expect: regex\n    column: ticket\n    regex: 'A\\d+'\n");
        assertThat(r.examples()).containsExactly(new UnexpectedValue(2, "a102"), new UnexpectedValue(9, "a109"));
        assertThat(only("  - expect: regex\n    column: ticket\n    regex: 'A1'\n").unexpectedCount())
                .as("a partial match is not enough").isEqualTo(100);
        assertThat(only("  - expect: regex\n    column: age\n    regex: '-?\\d+'\n").success())
                .as("whole numbers read without a fraction").isTrue();
        assertThat(only("  - expect: regex\n    column: port\n    regex: '[SCQ]'\n").unexpectedCount()).isEqualTo(2);
    }

    @Test
    void typeAndRowCountReportWhatTheyObserved() {
        ExpectationResult type = only("  - expect: type\n    column: age\n    type: text\n");
        assertThat(type.success()).isFalse();
        assertThat(type.observedValue()).isEqualTo("numeric");
        assertThat(type.reason()).isEqualTo("column 'age' is numeric, not text");
        assertThat(only("  - expect: type\n    column: port\n    type: categorical\n").success()).isTrue();

        ExpectationResult rows = only("  - expect: row_count_between\n    min: 101\n");
        assertThat(rows.success()).isFalse();
        assertThat(rows.observedValue()).isEqualTo(100L);
        assertThat(rows.reason()).isEqualTo("100 rows, fewer than the minimum 101");
        assertThat(only("  - expect: row_count_between\n    max: 99\n").reason())
                .isEqualTo("100 rows, more than the maximum 99");
        assertThat(only("  - expect: row_count_between\n    min: 100\n    max: 100\n").success()).isTrue();
    }

    @Test
    void anAbsentColumnFailsItsExpectationWithAReason() {
        ExpectationSuite suite = SuiteParser.parse("""
                name: absent
                expectations:
                  - expect: not_null
                    column: Cabin
                  - expect: type
                    column: Cabin
                    type: text
                  - expect: not_null
                    column: id
                """, "absent.yaml");
        ValidationReport report = Validator.validate(suite, passengers());
        assertThat(report.success()).isFalse();
        assertThat(report.results()).extracting(ExpectationResult::success).containsExactly(false, false, true);
        assertThat(report.results().get(0).reason()).isEqualTo("column 'Cabin' is not in the data; its columns are "
                + "[id, age, port, ticket, adult, boarded]");
        assertThat(report.results().get(1).reason()).startsWith("column 'Cabin' is not in the data");
    }

    @Test
    void betweenOnAColumnThatIsNotNumericOrTimestampFailsWithAReason() {
        ExpectationResult text = only("  - expect: between\n    column: ticket\n    min: 0\n");
        assertThat(text.success()).isFalse();
        assertThat(text.reason()).contains("numeric and timestamp columns").contains("'ticket' is text");
        ExpectationResult timeOnNumber = only("  - expect: between\n    column: age\n    min: 2020-01-01\n");
        assertThat(timeOnNumber.reason()).contains("numeric but the bounds are timestamps");
    }

    @Test
    void examplesAreCappedWhileEveryUnexpectedRowIsCounted() {
        ExpectationResult r = only("  - expect: in_set\n    column: ticket\n    values: [none]\n");
        assertThat(r.unexpectedCount()).isEqualTo(100);
        assertThat(r.examples()).hasSize(Validator.MAX_EXAMPLES);
        assertThat(r.examples().get(19)).isEqualTo(new UnexpectedValue(19, "A119"));
    }

    @Test
    void noRowsPassVacuouslyExceptTheRowCount() {
        ExpectationSuite suite = SuiteParser.parse(SuiteParserTest.resource("titanic-raw.yaml"), "titanic-raw.yaml");
        Schema schema = Schema.of(new Field("Survived", ColumnType.BOOLEAN), new Field("Age", ColumnType.NUMERIC));
        ValidationReport report = Validator.validate(suite, new TableBuilder(schema).build());
        assertThat(report.results()).extracting(ExpectationResult::success).containsExactly(true, true, false);
        assertThat(report.results().get(2).observedValue()).isEqualTo(0L);
    }

    @Test
    void theDocumentedExampleRunsOverData() {
        ExpectationSuite suite = SuiteParser.parse(SuiteParserTest.resource("titanic-raw.yaml"), "titanic-raw.yaml");
        Schema schema = Schema.of(new Field("Survived", ColumnType.BOOLEAN), new Field("Age", ColumnType.NUMERIC));
        TableBuilder builder = new TableBuilder(schema);
        for (int i = 0; i < 891; i++) {
            builder.addRow(i % 3 == 0, i % 5 == 0 ? null : (double) (i % 80));
        }
        ValidationReport report = Validator.validate(suite, Chunks.of(builder.build(), 100));
        assertThat(report.success()).isTrue();
        assertThat(report.successful()).isEqualTo(3);
        assertThat(report.failed()).isZero();
    }
}
