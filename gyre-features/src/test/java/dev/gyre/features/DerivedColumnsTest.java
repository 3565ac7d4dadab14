package dev.gyre.features;

import static dev.gyre.features.Tables.categories;
import static dev.gyre.features.Tables.column;
import static dev.gyre.features.Tables.fit;
import static dev.gyre.features.Tables.instants;
import static dev.gyre.features.Tables.numbers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.Table;
import dev.gyre.core.table.TextColumn;
import org.junit.jupiter.api.Test;

class DerivedColumnsTest {
    private static final double NAN = Double.NaN;

    @Test
    void regexExtractTakesTheGroupOfTheFirstMatchAndMissingWhenNothingMatches() {
        Table t = Tables.of(TextColumn.of("name", "Braund, Mr. Owen Harris", "Heikkinen, Miss. Laina", "no title",
                null));
        FittedFeatures f = fit(t, """
                derive:
                  - name: title
                    regex_extract: {column: name, pattern: ",\\\\s*([^.]+)\\\\.", group: 1}
                columns:
                  title: [ordinal]
                drop: [name]
                """);
        // sorted titles: Miss 0, Mr 1
        assertThat(column(f.transform(t), "title")).containsExactly(1, 0, -1, -1);
    }

    @Test
    void regexExtractWithoutGroupsTakesTheWholeMatch() {
        Table t = Tables.of(categories("cabin", "C85", "B28 B30", "x"));
        FittedFeatures f = fit(t, """
                derive: [{name: deck, regex_extract: {column: cabin, pattern: "[A-Z][0-9]"}}]
                columns: {deck: [one_hot]}
                drop: [cabin]
                """);
        assertThat(f.featureNames()).containsExactly("deck=B2", "deck=C8");
    }

    @Test
    void expressionsFollowArithmeticPrecedenceAndMissingPropagates() {
        Table t = Tables.of(numbers("a", 1.0, 2.0, null, 3.0), numbers("b", 4.0, 0.0, 1.0, 2.0));
        FittedFeatures f = fit(t, """
                derive:
                  - {name: e1, expression: "a + b * 2 - -1"}
                  - {name: e2, expression: "(a + b) / 2"}
                  - {name: e3, expression: "a / b"}
                  - {name: e4, expression: "e1 * 1e-1 + .5"}
                drop: [a, b]
                """);
        Table out = f.transform(t);
        assertThat(column(out, "e1")).containsExactly(10, 3, NAN, 8);
        assertThat(column(out, "e2")).containsExactly(2.5, 1, NAN, 2.5);
        assertThat(column(out, "e3")).as("division by zero is missing").containsExactly(0.25, NAN, NAN, 1.5);
        assertThat(column(out, "e4")).containsExactly(10 * 1e-1 + .5, 3 * 1e-1 + .5, NAN, 8 * 1e-1 + .5);
    }

    @Test
    void expressionsReadBackquotedNamesAndBooleansAsOneAndZero() {
        Table t = Tables.of(numbers("fare paid", 10.0, 20.0),
                new dev.gyre.core.table.BooleanColumn("vip", 2, bits(0), null));
        FittedFeatures f = fit(t, """
                derive: [{name: total, expression: "`fare paid` * (1 + vip)"}]
                drop: ["fare paid", vip]
                """);
        assertThat(column(f.transform(t), "total")).containsExactly(20, 20);
    }

    @Test
    void anExpressionOverTextIsRefusedWithTheLine() {
        Table t = Tables.of(categories("sex", "m"), numbers("x", 1.0));
        assertThatThrownBy(() -> fit(t, "derive:\n  - {name: bad, expression: \"sex + x\"}\ndrop: [sex]\n"))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("Line 2, field 'derive[1]': reads 'sex', which is text; an expression computes"
                        + " with numeric columns");
    }

    @Test
    void datetimePartsAreComputedInUtc() {
        Table t = Tables.of(instants("at", "2011-01-01T00:00:00Z", "2012-02-29T23:59:59.999Z", "1969-12-31T13:00:00Z",
                null));
        FittedFeatures f = fit(t, """
                derive:
                  - {name: year, datetime_part: {column: at, part: year}}
                  - {name: month, datetime_part: {column: at, part: month}}
                  - {name: day, datetime_part: {column: at, part: day}}
                  - {name: dow, datetime_part: {column: at, part: day_of_week}}
                  - {name: hour, datetime_part: {column: at, part: hour}}
                  - {name: doy, datetime_part: {column: at, part: day_of_year}}
                drop: [at]
                """);
        Table out = f.transform(t);
        assertThat(column(out, "year")).containsExactly(2011, 2012, 1969, NAN);
        assertThat(column(out, "month")).containsExactly(1, 2, 12, NAN);
        assertThat(column(out, "day")).containsExactly(1, 29, 31, NAN);
        assertThat(column(out, "dow")).as("Saturday, Wednesday, Wednesday").containsExactly(6, 3, 3, NAN);
        assertThat(column(out, "hour")).containsExactly(0, 23, 13, NAN);
        assertThat(column(out, "doy")).containsExactly(1, 60, 365, NAN);
    }

    @Test
    void aTimestampColumnLeftAsAFeatureIsRefusedSuggestingDatetimePart() {
        Table t = Tables.of(instants("dteday", "2011-01-01T00:00:00Z"));
        assertThatThrownBy(() -> fit(t, ""))
                .hasMessageContaining("'dteday' is a timestamp, which is not a feature by itself; derive parts of it,"
                        + " e.g. {name: month, datetime_part: {column: dteday, part: month}}, and add it to drop.");
    }

    @Test
    void textLengthCountsCodePoints() {
        Table t = Tables.of(TextColumn.of("name", "Ann", "", "a😀b", null));
        FittedFeatures f = fit(t, "derive: [{name: len, text_length: name}]\ndrop: [name]\n");
        assertThat(column(f.transform(t), "len")).containsExactly(3, 0, 3, NAN);
    }

    @Test
    void aDerivedColumnMayReadAnEarlierOne() {
        Table t = Tables.of(TextColumn.of("name", "Smith, Mr. John"));
        FittedFeatures f = fit(t, """
                derive:
                  - {name: title, regex_extract: {column: name, pattern: ",\\\\s*([^.]+)\\\\."}}
                  - {name: title_length, text_length: title}
                columns: {title: [one_hot]}
                drop: [name]
                """);
        assertThat(f.featureNames()).containsExactly("title=Mr", "title_length");
        assertThat(f.transformRow(t.row(0))).containsExactly(1, 2);
    }

    @Test
    void aDerivedNameThatIsAlreadyAColumnIsRefused() {
        Table t = Tables.of(numbers("x", 1.0), numbers("y", 2.0));
        assertThatThrownBy(() -> fit(t, "derive:\n  - {name: x, expression: \"y + 1\"}\n"))
                .hasMessageContaining("Line 2, field 'derive[1]': 'x' is already a column of the table");
        assertThatThrownBy(() -> fit(t, "derive:\n  - {name: x, expression: \"x + 1\"}\n"))
                .hasMessageContaining("Line 2, field 'derive[1]': 'x' reads itself; a derived column needs a name of"
                        + " its own (it cannot replace a table column), e.g. x_2.");
    }

    private static java.util.BitSet bits(int... set) {
        java.util.BitSet bits = new java.util.BitSet();
        for (int i : set) {
            bits.set(i);
        }
        return bits;
    }
}
