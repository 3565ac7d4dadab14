package dev.gyre.data.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.ColumnType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SuiteParserTest {

    static String resource(String name) {
        try (InputStream in = SuiteParserTest.class.getResourceAsStream("/validate/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsTheDocumentedExample() {
        ExpectationSuite suite = SuiteParser.parse(resource("titanic-raw.yaml"), "titanic-raw.yaml");

        assertThat(suite.name()).isEqualTo("titanic-raw");
        assertThat(suite.expectations()).containsExactly(
                new Expectation.NotNull("Survived", 1.0),
                new Expectation.Between("Age", Expectation.Bound.of(0), Expectation.Bound.of(100), 0.95),
                new Expectation.RowCountBetween(500L, 2000L));
    }

    @Test
    void readsEveryKindWithItsFields() {
        ExpectationSuite suite = SuiteParser.parse(resource("every-kind.yaml"), "every-kind.yaml");

        assertThat(suite.expectations()).containsExactly(
                new Expectation.NotNull("id", 0.5),
                new Expectation.Between("fare", Expectation.Bound.of(-1.5), null, 1.0),
                new Expectation.Between("boarded", Expectation.Bound.of(Instant.parse("1912-04-10T00:00:00Z")),
                        Expectation.Bound.of(Instant.parse("1912-04-15T23:59:59Z")), 1.0),
                new Expectation.InSet("port", List.of("S", "C", "Q", "1", "2.5", "true"), 1.0),
                new Expectation.Unique("id", 1.0),
                new Expectation.Regex("ticket", "[A-Z]+\\d{3,}", 0.9),
                new Expectation.TypeIs("age", ColumnType.NUMERIC),
                new Expectation.RowCountBetween(null, 10L));
        assertThat(suite.expectations().stream().map(Expectation::kind).distinct())
                .containsExactlyElementsOf(Expectation.KINDS);
    }

    @Test
    void aSuiteWrittenAsYamlReadsBackEqual() {
        ExpectationSuite suite = SuiteParser.parse(resource("every-kind.yaml"), "every-kind.yaml");
        String yaml = suite.toYaml();
        assertThat(SuiteParser.parse(yaml, "written")).isEqualTo(suite);
        assertThat(yaml).startsWith("name: every kind\nexpectations:\n  - expect: not_null\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            mostly above 1          | "  - expect: not_null\\n    column: a\\n    mostly: 1.5"            | line 5, expectations[0].mostly: must be a number from 0 to 1
            mostly not a number     | "  - expect: unique\\n    column: a\\n    mostly: most"             | line 5, expectations[0].mostly: must be a number from 0 to 1 (the fraction of rows that must pass), got 'most'
            unknown kind            | "  - expect: not_nul\\n    column: a"                             | line 3, expectations[0].expect: unknown expectation 'not_nul'; use one of not_null, between
            unknown field           | "  - expect: not_null\\n    colum: a"                             | line 4, expectations[0].colum: unknown field; the fields here are expect, column, mostly
            mostly on type          | "  - expect: type\\n    column: a\\n    type: text\\n    mostly: 1" | line 6, expectations[0].mostly: unknown field; the fields here are expect, column, type
            column missing          | "  - expect: not_null\\n    mostly: 0.5"                          | line 3, expectations[0].column: is required
            between without bounds  | "  - expect: between\\n    column: a"                             | line 3, expectations[0] (between): between needs min, max or both
            between bounds swapped  | "  - expect: between\\n    column: a\\n    min: 5\\n    max: 1"     | line 3, expectations[0] (between): between has min 5 above max 1; swap them
            bound not a number      | "  - expect: between\\n    column: a\\n    min: ten"              | line 5, expectations[0].min: must be a number or an ISO-8601 timestamp
            invalid regex           | "  - expect: regex\\n    column: a\\n    regex: '[a-'"            | line 3, expectations[0] (regex): regex is not a valid Java regular expression
            fractional row count    | "  - expect: row_count_between\\n    min: 1.5"                    | line 4, expectations[0].min: must be a whole number of rows
            negative row count      | "  - expect: row_count_between\\n    max: -1"                     | line 4, expectations[0].max: must be a whole number of rows
            unknown type            | "  - expect: type\\n    column: a\\n    type: int"                | line 5, expectations[0].type: Unknown column type 'int'
            empty value list        | "  - expect: in_set\\n    column: a\\n    values: []"             | line 5, expectations[0].values: must be a non-empty list
            null in value list      | "  - expect: in_set\\n    column: a\\n    values: [a, ~]"         | line 5, expectations[0].values: every value must be a single text
            repeated field          | "  - expect: unique\\n    column: a\\n    column: b"              | line 5, column: appears twice
            not a mapping           | "  - not_null"                                                  | line 3, expectations[0]: must be a mapping that starts with 'expect: <kind>'
            """)
    void aMistakeInAnExpectationNamesTheLineAndField(String title, String expectations, String message) {
        String yaml = "name: s\nexpectations:\n" + expectations.replace("\\n", "\n") + "\n";
        assertThatThrownBy(() -> SuiteParser.parse(yaml, "suite.yaml"))
                .as(title)
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageStartingWith("suite.yaml " + message);
    }

    @Test
    void aMistakeInTheSuiteItselfNamesTheLineAndField() {
        assertThatThrownBy(() -> SuiteParser.parse("nmae: s\nexpectations: []\n", "s.yaml"))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessage("s.yaml line 1, nmae: unknown field; the fields here are name, description, expectations.");
        assertThatThrownBy(() -> SuiteParser.parse("expectations:\n  - expect: unique\n    column: a\n", "s.yaml"))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessage("s.yaml line 1, name: is required.");
        assertThatThrownBy(() -> SuiteParser.parse("name: s\nexpectations: []\n", "s.yaml"))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageStartingWith("s.yaml line 2, expectations: must be a non-empty list");
        assertThatThrownBy(() -> SuiteParser.parse("", "s.yaml"))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("the suite is empty");
        assertThatThrownBy(() -> SuiteParser.parse("- a\n- b\n", "s.yaml"))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageStartingWith("s.yaml line 1, suite: must be a mapping");
    }

    @Test
    void brokenYamlNamesTheLine() {
        String yaml = "name: s\nexpectations:\n  - expect: unique\n    column: [a\n";
        assertThatThrownBy(() -> SuiteParser.parse(yaml, "s.yaml"))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageMatching("s\\.yaml line \\d+: not valid YAML: .+");
    }

    @Test
    void readsAFileAndNamesItInMessages(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("raw.yaml");
        Files.writeString(file, resource("titanic-raw.yaml"));
        assertThat(SuiteParser.parse(file).name()).isEqualTo("titanic-raw");

        Files.writeString(file, "name: x\nexpectations:\n  - expect: nope\n");
        assertThatThrownBy(() -> SuiteParser.parse(file))
                .hasMessageStartingWith(file + " line 3, expectations[0].expect");
        assertThatThrownBy(() -> SuiteParser.parse(dir.resolve("absent.yaml")))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("Cannot read the suite file");
    }
}
