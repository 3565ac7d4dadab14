package dev.gyre.data.clean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.Field;
import dev.gyre.core.table.Schema;
import dev.gyre.core.table.Table;
import dev.gyre.core.table.TableBuilder;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RowFilterTest {

    static final Table PEOPLE = new TableBuilder(new Schema(List.of(
            new Field("name", ColumnType.TEXT),
            new Field("age", ColumnType.NUMERIC),
            new Field("city", ColumnType.CATEGORICAL),
            new Field("member", ColumnType.BOOLEAN),
            new Field("joined", ColumnType.TIMESTAMP),
            new Field("first name", ColumnType.TEXT))))
            .addRow("Ann", 34, "Oslo", true, Instant.parse("2024-01-01T00:00:00Z"), "A")
            .addRow("bob", 17, "Bergen", false, Instant.parse("2024-06-15T12:00:00Z"), "B")
            .addRow(null, null, "Oslo", true, null, null)
            .addRow("Dee", 51, null, null, Instant.parse("2023-12-31T23:59:59Z"), "D")
            .addRow("it's", 17.5, "Tromsø", false, Instant.parse("2025-01-01T00:00:00Z"), "E")
            .build();

    @ParameterizedTest(name = "{0} keeps rows {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "age >= 18                                   | 0 3",
            "age > 17 and age < 40                       | 0 4",
            "age = 17 or city = 'Oslo'                   | 0 1 2",
            "age <> 17                                   | 0 3 4",
            "age != 17.0                                 | 0 3 4",
            "age < -1e3                                  | none",
            "not age >= 18                               | 1 4",
            "not (age >= 18 or city = 'Bergen')          | 4",
            "age > 20 or age < 18 and city = 'Bergen'    | 0 1 3",
            "(age > 20 or age < 18) and city = 'Bergen'  | 1",
            "age is null                                 | 2",
            "age IS NOT NULL AND name is not null        | 0 1 3 4",
            "city in ('Oslo', 'Tromsø')                  | 0 2 4",
            "city not in ('Oslo')                        | 1 4",
            "age in (17, 51)                             | 1 3",
            "member                                      | 0 2",
            "member = false                              | 1 4",
            "not member                                  | 1 4",
            "member != true                              | 1 4",
            "true                                        | 0 1 2 3 4",
            "joined >= '2024-01-01'                      | 0 1 4",
            "joined < '2024-01-01T00:00:00Z'             | 3",
            "joined > '2024-06-15T13:00:00+02:00'        | 1 4",
            "name = 'it''s'                              | 4",
            "name < 'a'                                  | 0 3",
            "\"first name\" = 'B'                        | 1",
            "\"age\" = 51                                | 3",
            "name = name                                 | 0 1 3 4",
    })
    void keepsTheRowsWhereTheConditionIsTrue(String expression, String rows) {
        assertThat(rows(RowFilter.parse(expression).matches(PEOPLE))).isEqualTo(rows.equals("none") ? "" : rows);
    }

    @Test
    void missingValuesFollowThreeValuedLogic() {
        // row 3 has no city: "city = 'Oslo'" is unknown there, and so is its negation
        assertThat(rows(RowFilter.parse("city = 'Oslo'").matches(PEOPLE))).isEqualTo("0 2");
        assertThat(rows(RowFilter.parse("not city = 'Oslo'").matches(PEOPLE))).isEqualTo("1 4");
        // unknown or true is true: row 3
        assertThat(rows(RowFilter.parse("city = 'x' or age = 51").matches(PEOPLE))).isEqualTo("3");
        // unknown and false is false, so row 3 (no city, age 51) passes the negation; row 2 (Oslo, no age) is
        // true and unknown, which is unknown, and so is its negation
        assertThat(rows(RowFilter.parse("not (city = 'Oslo' and age > 100)").matches(PEOPLE))).isEqualTo("0 1 3 4");
    }

    @Test
    void applyKeepsMatchingRowsInOrder() {
        Table adults = RowFilter.parse("age >= 18").apply(PEOPLE);
        assertThat(adults.rowCount()).isEqualTo(2);
        assertThat(adults.column("name").get(1)).isEqualTo("Dee");
    }

    @Test
    void keywordsAreCaseInsensitiveButColumnNamesAreNot() {
        assertThat(rows(RowFilter.parse("age is Null Or Not member").matches(PEOPLE))).isEqualTo("1 2 4");
        assertThatThrownBy(() -> RowFilter.parse("AGE > 1").matches(PEOPLE))
                .hasMessageContaining("there is no column 'AGE'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "age >                       | at position 6: expected a column name or a value, got the end of the expression",
            "age >= 18 age               | at position 11: unexpected 'age'; join conditions with 'and' or 'or'",
            "(age > 1                    | at position 9: expected ')' to close the '(' at position 1",
            "age > 1)                    | at position 8: unexpected ')'; there is no '(' for this ')'",
            "name = 'Ann                 | at position 8: the string starting here is not closed",
            "age == 3                    | at position 5: write = (a single equals sign) to compare",
            "age ! 3                     | at position 5: '!' on its own is not an operator",
            "age is 3                    | at position 8: expected 'null' after 'is', got '3'",
            "city in 'Oslo'              | at position 9: expected '(' and a list of values after 'in'",
            "city in ('Oslo' 'Bergen')   | at position 17: expected ',' or ')' in the 'in' list",
            "city in (name)              | at position 10: an 'in' list holds values",
            "age > 3x                    | at position 7: '3x' is not a number",
            "name.length() > 3           | at position 5: unexpected character '.'",
            "getClass() = 1              | at position 9: unexpected '('; functions are not part of filters",
            "age + 1 > 3                 | at position 5: unexpected character '+'",
            "age > 1 and and             | at position 13: expected a column name or a value, got the keyword 'and'",
            "\"\" = 1                    | at position 1: a quoted column name must not be empty",
    })
    void syntaxErrorsNameThePosition(String expression, String message) {
        assertThatThrownBy(() -> RowFilter.parse(expression))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageStartingWith("Invalid filter '" + expression + "'")
                .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "agee > 3                 | at position 1: there is no column 'agee'; the columns are [name, age",
            "age > 'old'              | at position 5: cannot compare column 'age' (numeric) with the string 'old'",
            "city = 3                 | at position 6: cannot compare column 'city' (categorical) with the number 3",
            "member > false           | at position 8: booleans can only be compared with = or !=",
            "age = null               | at position 7: comparing with null is never true; use 'is null'",
            "age                      | at position 1: column 'age' (numeric) is not a condition; compare it, e.g. age > 0",
            "joined > 'yesterday'     | at position 10: 'yesterday' is not a timestamp",
            "city in ('Oslo', 3)      | at position 18: cannot compare column 'city' (categorical) with the number 3",
            "name = age               | at position 6: cannot compare column 'name' (text) with column 'age' (numeric)",
    })
    void typeErrorsNameThePositionWhenAppliedToATable(String expression, String message) {
        RowFilter filter = RowFilter.parse(expression);
        assertThatThrownBy(() -> filter.matches(PEOPLE))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining(message);
    }

    @Test
    void refusesEmptyOverlongAndOverlyNestedExpressions() {
        assertThatThrownBy(() -> RowFilter.parse("  ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> RowFilter.parse("age > 1 or ".repeat(1000) + "true"))
                .hasMessageContaining("at most 10000");
        assertThatThrownBy(() -> RowFilter.parse("(".repeat(70) + "true" + ")".repeat(70)))
                .hasMessageContaining("nested more than 64 levels");
        assertThatThrownBy(() -> RowFilter.parse("not ".repeat(70) + "true"))
                .hasMessageContaining("nested more than 64 levels");
    }

    @Test
    void longFlatChainsDoNotNest() {
        String chain = "age = 1 or ".repeat(800) + "age = 51";
        assertThat(rows(RowFilter.parse(chain).matches(PEOPLE))).isEqualTo("3");
    }

    private static String rows(BitSet rows) {
        StringBuilder out = new StringBuilder();
        rows.stream().forEach(row -> out.append(out.isEmpty() ? "" : " ").append(row));
        return out.toString();
    }
}
