package dev.gyre.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureSpecParserTest {
    private static final String FULL = """
            target: Survived
            derive:
              - name: title
                regex_extract: {column: Name, pattern: ",\\\\s*([^.]+)\\\\.", group: 1}
              - name: deck
                regex_extract: {column: Cabin, pattern: "^([A-Z])"}
              - name: family_size
                expression: "SibSp + Parch + 1"
              - name: name_length
                text_length: Name
              - name: month
                datetime_part: {column: dteday, part: month}
            columns:
              Age:    [{impute: median, indicator: true}, standardize]
              Fare:   [log1p, {clip: {min: 0, max: 300}}, standardize]
              Pclass: [{one_hot: {max_categories: 10, unseen: ignore}}]
              Sex:    [one_hot]
              deck:   [{impute: {constant: "U"}}, ordinal]
              family_size: [{bucketize: {quantiles: 4}}]
              size2:  [{bucketize: {edges: [1, 2, 5]}}]
              ticket_prefix: [{hashing: {buckets: 16}}]
              SibSp:  [min_max]
              Parch:  [{frequency: {}}]
            drop: [PassengerId, Name, Ticket, Cabin]
            """;

    @Test
    void readsEveryPartOfTheSpec() {
        FeatureSpec spec = Specs.parse(FULL);

        assertThat(spec.target()).contains("Survived");
        assertThat(spec.derive()).containsExactly(
                new DerivedColumn.RegexExtract("title", "Name", ",\\s*([^.]+)\\.", 1),
                new DerivedColumn.RegexExtract("deck", "Cabin", "^([A-Z])", 1),
                new DerivedColumn.Expression("family_size", "SibSp + Parch + 1"),
                new DerivedColumn.TextLength("name_length", "Name"),
                new DerivedColumn.DatetimePart("month", "dteday", DerivedColumn.Part.MONTH));
        assertThat(spec.columns().get("Age")).containsExactly(
                new FeatureStep.Impute(FeatureStep.ImputeStrategy.MEDIAN, null, true), new FeatureStep.Standardize());
        assertThat(spec.columns().get("Fare")).containsExactly(new FeatureStep.Log1p(),
                new FeatureStep.Clip(0.0, 300.0), new FeatureStep.Standardize());
        assertThat(spec.columns().get("Pclass")).containsExactly(new FeatureStep.OneHot(10, FeatureStep.Unseen.IGNORE));
        assertThat(spec.columns().get("Sex")).containsExactly(new FeatureStep.OneHot());
        assertThat(spec.columns().get("deck")).containsExactly(
                new FeatureStep.Impute(FeatureStep.ImputeStrategy.CONSTANT, "U", false),
                new FeatureStep.Ordinal(FeatureStep.Unseen.IGNORE));
        assertThat(spec.columns().get("family_size")).containsExactly(FeatureStep.Bucketize.ofQuantiles(4));
        assertThat(spec.columns().get("size2")).containsExactly(FeatureStep.Bucketize.ofEdges(1, 2, 5));
        assertThat(spec.columns().get("ticket_prefix")).containsExactly(new FeatureStep.Hashing(16));
        assertThat(spec.columns().get("SibSp")).containsExactly(new FeatureStep.MinMax());
        assertThat(spec.columns().get("Parch")).containsExactly(new FeatureStep.Frequency());
        assertThat(spec.drop()).containsExactly("PassengerId", "Name", "Ticket", "Cabin");
        assertThat(spec.line("columns.Fare")).hasValue(15);
        assertThat(spec.line("drop[2]")).hasValue(24);
    }

    @Test
    void shorthandsAndLongFormsHaveTheSameCanonicalFormAndHash() {
        FeatureSpec shorthand = Specs.parse("""
                columns:
                  Sex: one_hot
                  Age: [{impute: median, indicator: true}]
                  deck: [{impute: {constant: U}}, ordinal]
                drop: Name
                """);
        FeatureSpec longForm = Specs.parse("""
                columns:
                  deck: [{impute: {strategy: constant, constant: U, indicator: false}}, {ordinal: {unseen: ignore}}]
                  Age: [{impute: {strategy: median, indicator: true}}]
                  Sex: [{one_hot: {unseen: ignore}}]
                drop: [Name]
                """);

        assertThat(shorthand).isEqualTo(longForm);
        assertThat(shorthand.sha256()).isEqualTo(longForm.sha256()).hasSize(64);
        assertThat(Specs.parse(shorthand.canonicalJson())).isEqualTo(shorthand);
    }

    @Test
    void aDifferentOptionChangesTheHash() {
        assertThat(Specs.parse("columns: {Sex: [one_hot]}").sha256())
                .isNotEqualTo(Specs.parse("columns: {Sex: [{one_hot: {unseen: error}}]}").sha256());
    }

    @Test
    void anEmptySpecHasNoEntries() {
        FeatureSpec spec = Specs.parse("");
        assertThat(spec.target()).isEmpty();
        assertThat(spec.derive()).isEmpty();
        assertThat(spec.columns()).isEmpty();
        assertThat(spec.drop()).isEmpty();
    }

    @Test
    void anUnknownStepNamesItsLineFieldAndTheSteps() {
        assertError("""
                target: y
                columns:
                  Age: [standardise]
                """, "Line 3, field 'columns.Age[1]': unknown step 'standardise'; the steps are impute, standardize,");
    }

    @Test
    void anUnknownTopLevelKeyListsTheKeys() {
        assertError("target: y\ncolumn:\n  Age: [standardize]\n",
                "Line 2, field 'column': unknown key; the keys of a feature spec are target, derive, columns, drop.");
    }

    @Test
    void anUnknownOptionListsTheOptions() {
        assertError("columns:\n  Age: [{impute: median, indicatr: true}]\n",
                "Line 2, field 'columns.Age[1].impute.indicatr': unknown option; the options here are strategy,"
                        + " constant, indicator");
    }

    @Test
    void aWrongOptionValueSaysWhatIsExpected() {
        assertError("columns:\n  Pclass:\n    - one_hot:\n        unseen: skip\n",
                "Line 4, field 'columns.Pclass[1].one_hot.unseen': must be ignore, error, other; got 'skip'.");
        assertError("columns:\n  Pclass: [{one_hot: {max_categories: 2.5}}]\n",
                "Line 2, field 'columns.Pclass[1].one_hot.max_categories': must be a whole number such as 10");
        assertError("columns:\n  Fare: [{clip: {}}]\n",
                "Line 2, field 'columns.Fare[1].clip': clip needs min, max or both, e.g. {clip: {min: 0, max: 300}}.");
        assertError("columns:\n  Fare: [{bucketize: {edges: [5, 2]}}]\n",
                "field 'columns.Fare[1].bucketize': bucketize edges must be finite and strictly increasing");
        assertError("columns:\n  Fare: [hashing]\n",
                "Line 2, field 'columns.Fare[1].hashing': hashing needs a bucket count, e.g. {hashing: {buckets: 16}}.");
        assertError("columns:\n  Age: [{impute: average}]\n",
                "Line 2, field 'columns.Age[1].impute.strategy': must be mean, median, most_frequent or constant,"
                        + " got 'average'");
        assertError("columns:\n  deck: [{ordinal: {unseen: other}}]\n",
                "must be ignore, error; got 'other'.");
    }

    @Test
    void oneHotAndHashingMustBeLast() {
        assertError("columns:\n  Sex: [one_hot, standardize]\n",
                "Line 2, field 'columns.Sex[1]': one_hot writes several columns, so it must be the last step of"
                        + " 'Sex'; move it to the end.");
    }

    @Test
    void twoStepsInOneItemAreRefused() {
        assertError("columns:\n  Fare: [{log1p: {}, standardize: {}}]\n",
                "Line 2, field 'columns.Fare[1]': one step per list item");
    }

    @Test
    void aBadRegularExpressionNamesTheDerivation() {
        assertError("derive:\n  - name: deck\n    regex_extract: {column: Cabin, pattern: \"^([A-Z]\"}\n",
                "Line 3, field 'derive[1].regex_extract': regex_extract pattern does not compile");
        assertError("derive:\n  - name: deck\n    regex_extract: {column: Cabin, pattern: \"^[A-Z]\", group: 2}\n",
                "regex_extract group 2 does not exist: the pattern has 0 capturing groups");
    }

    @Test
    void aBadExpressionPointsAtTheCharacter() {
        assertError("derive:\n  - name: f\n    expression: \"SibSp + * 2\"\n",
                "Line 3, field 'derive[1].expression': in the expression \"SibSp + * 2\" at character 9: a number,"
                        + " a column or '(' instead of '*' was expected.");
        assertError("derive:\n  - name: f\n    expression: \"(SibSp + 1\"\n", "')' was expected");
    }

    @Test
    void aDerivationMustReadEarlierColumnsOnly() {
        assertError("""
                derive:
                  - name: a
                    expression: "b + 1"
                  - name: b
                    expression: "x * 2"
                """, "Line 2, field 'derive[1]': 'a' reads 'b', which is derived later (derive[2])");
    }

    @Test
    void anUnknownDatetimePartListsTheParts() {
        assertError("derive:\n  - name: m\n    datetime_part: {column: t, part: week}\n",
                "Line 3, field 'derive[1].datetime_part.part': datetime_part part must be one of year, month, day,"
                        + " day_of_week, hour, day_of_year; got 'week'.");
    }

    @Test
    void theTargetIsNeverTransformedOrDerivedFrom() {
        assertError("target: Survived\ncolumns:\n  Survived: [standardize]\n",
                "Line 3, field 'columns.Survived': 'Survived' is the target, which is never transformed into a"
                        + " feature; remove it from columns.");
        assertError("target: Survived\nderive:\n  - {name: s2, expression: \"Survived * 2\"}\n",
                "Line 3, field 'derive[1]': 's2' reads the target 'Survived'");
    }

    @Test
    void aColumnCannotBeBothDroppedAndTransformed() {
        assertError("columns:\n  Name: [one_hot]\ndrop:\n  - Ticket\n  - Name\n",
                "Line 5, field 'drop[2]': 'Name' is dropped and also has steps under columns; keep one of the two.");
    }

    @Test
    void aDuplicateKeyNamesBothLines() {
        assertError("columns:\n  Age: [standardize]\n  Fare: [log1p]\n  Age: [min_max]\n",
                "Line 4, field 'Age': the key appears twice (first on line 2); keep one.");
    }

    @Test
    void invalidYamlNamesTheLine() {
        assertError("columns:\n  Age: [standardize\ndrop: [x]\n", "the text is not valid YAML");
    }

    @Test
    void aSpecThatIsNotAMapSaysWhatItShouldBe() {
        assertError("- standardize\n", "Line 1: a feature spec is a map with the keys target, derive, columns, drop");
    }

    @Test
    void recordsCanBeBuiltInCode() {
        FeatureSpec spec = new FeatureSpec("y", List.of(new DerivedColumn.TextLength("len", "name")),
                java.util.Map.of("len", List.of(new FeatureStep.Standardize())), List.of("name"));
        assertThat(spec.canonicalJson()).isEqualTo("{\"target\":\"y\",\"derive\":[{\"name\":\"len\",\"text_length\":"
                + "{\"column\":\"name\"}}],\"columns\":{\"len\":[{\"standardize\":{}}]},\"drop\":[\"name\"]}");
        assertThat(spec.line("drop[1]")).isEmpty();
    }

    private static void assertError(String yaml, String message) {
        assertThatThrownBy(() -> Specs.parse(yaml))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining(message);
    }
}
