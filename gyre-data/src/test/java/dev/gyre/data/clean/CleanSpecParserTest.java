package dev.gyre.data.clean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.ColumnType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CleanSpecParserTest {

    private final CleanSpecParser parser = new CleanSpecParser();

    static String resource(String name) {
        try (InputStream in = CleanSpecParserTest.class.getResourceAsStream("/clean/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsEveryKindOfStepInOrder() {
        CleanSpec spec = parser.parse(resource("passengers.yaml"));

        assertThat(spec.steps()).extracting(CleanStep::kind).containsExactly("drop_columns", "rename", "trim", "cast",
                "filter", "drop_duplicates", "fill_missing", "fill_missing", "sql");
        assertThat(spec.steps().get(0)).isEqualTo(new CleanStep.DropColumns(List.of("ticket")));
        assertThat(spec.steps().get(1)).isEqualTo(new CleanStep.Rename(Map.of("Survived", "survived")));
        assertThat(spec.steps().get(2)).isEqualTo(new CleanStep.Trim(List.of()));
        assertThat(spec.steps().get(3)).isEqualTo(new CleanStep.Cast(
                Map.of("age", ColumnType.NUMERIC, "pclass", ColumnType.CATEGORICAL), CleanStep.OnError.MISSING));
        assertThat(((CleanStep.Filter) spec.steps().get(4)).condition().expression())
                .isEqualTo("fare >= 0 and name is not null");
        assertThat(spec.steps().get(5)).isEqualTo(new CleanStep.DropDuplicates(List.of("passenger_id")));
        assertThat(spec.steps().get(6)).isEqualTo(new CleanStep.FillStrategy(CleanStep.Strategy.MEDIAN,
                List.of("age")));
        assertThat(spec.steps().get(7)).isEqualTo(new CleanStep.FillValues(Map.of("embarked", "S")));
        assertThat(((CleanStep.Sql) spec.steps().get(8)).query()).startsWith("SELECT *, CASE WHEN age < 18");
    }

    @Test
    void acceptsABareListShorthandsAndAnEmptySpec() {
        CleanSpec spec = parser.parse("""
                - drop_columns: cabin
                - drop_duplicates: all
                - trim: [name, city]
                - cast: {columns: {born: timestamp}}
                - fill_missing: {strategy: most_frequent}
                - fill_missing: {values: {fare: 0, member: false, city: Oslo}}
                """);

        assertThat(spec.steps()).containsExactly(
                new CleanStep.DropColumns(List.of("cabin")),
                new CleanStep.DropDuplicates(List.of()),
                new CleanStep.Trim(List.of("name", "city")),
                new CleanStep.Cast(Map.of("born", ColumnType.TIMESTAMP), CleanStep.OnError.ERROR),
                new CleanStep.FillStrategy(CleanStep.Strategy.MOST_FREQUENT, List.of()),
                new CleanStep.FillValues(Map.of("fare", 0.0, "member", false, "city", "Oslo")));
        assertThat(parser.parse("steps: []").steps()).isEmpty();
        assertThat(parser.parse("").steps()).isEmpty();
    }

    @Test
    void errorsNameTheStepTheFieldAndTheFix() {
        assertInvalid("- dropna: [a]", "Step 1: unknown step 'dropna'; use one of drop_columns, rename, cast, trim,"
                + " filter, drop_duplicates, fill_missing, sql.");
        assertInvalid("- trim: all\n- cast: {columns: {age: int}}", "Step 2 (cast), field 'columns.age': Unknown"
                + " column type 'int': use one of numeric, categorical, boolean, text, timestamp.");
        assertInvalid("- cast: {columns: {age: numeric}, on_error: skip}", "Step 1 (cast), field 'on_error': must be"
                + " error or missing, got 'skip'; use missing to turn values that do not convert into missing values.");
        assertInvalid("- cast: {on_error: missing}", "Step 1 (cast), field 'columns': must be a map of column: type,"
                + " got nothing.");
        assertInvalid("- cast: {columns: {a: numeric}, extra: 1}", "Step 1 (cast), field 'extra': unknown field; the"
                + " fields are columns, on_error");
        assertInvalid("- trim: all\n- trim: all\n- filter: \"age >\"", "Step 3 (filter): Invalid filter 'age >' at"
                + " position 6: expected a column name or a value, got the end of the expression.");
        assertInvalid("- fill_missing: {strategy: mode}", "Step 1 (fill_missing), field 'strategy': must be mean,"
                + " median or most_frequent, got 'mode'");
        assertInvalid("- fill_missing: {values: {a: 1}, strategy: mean}", "Step 1 (fill_missing): give either values");
        assertInvalid("- fill_missing: {values: {a: [1]}}", "Step 1 (fill_missing), field 'values.a': must be a"
                + " number, a string, true or false, got a list.");
        assertInvalid("- drop_columns: []", "Step 1 (drop_columns): must be a list of column names such as [name,"
                + " city], got a list.");
        assertInvalid("- drop_duplicates: [a, a]", "Step 1 (drop_duplicates): column 'a' is listed twice");
        assertInvalid("- rename: {a: b, c: b}", "Step 1 (rename), field 'c': two columns would be named 'b'");
        assertInvalid("- filter: x\n  sql: y", "Step 1: a step is a map with one key naming it");
        assertInvalid("- sql: ''", "Step 1 (sql): must be a query such as SELECT * FROM data WHERE age > 0");
        assertInvalid("steps: {a: 1}", "Clean spec: 'steps' must be a list of steps");
        assertInvalid("foo: []", "Clean spec: unknown key 'foo' at the top");
    }

    @Test
    void invalidYamlNamesTheLine() {
        assertThatThrownBy(() -> parser.parse("- trim: all\n- filter: [unclosed\n"))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageStartingWith("Clean spec: not valid YAML at line");
        assertThatThrownBy(() -> parser.parse("- trim: all\n  trim: all\n"))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("Duplicate field 'trim'");
    }

    private void assertInvalid(String yaml, String message) {
        assertThatThrownBy(() -> parser.parse(yaml))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageStartingWith(message);
    }
}
