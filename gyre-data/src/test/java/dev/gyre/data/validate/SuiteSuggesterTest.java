package dev.gyre.data.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gyre.core.table.CategoricalColumn;
import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Table;
import dev.gyre.data.profile.Chunks;
import dev.gyre.data.profile.DatasetProfile;
import dev.gyre.data.profile.Profiler;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuiteSuggesterTest {

    /** The passengers plus columns with awkward ranges: constant, all missing, tiny, huge, counts, many categories. */
    private static Table data() {
        Table table = ValidatorTest.passengers();
        int rows = table.rowCount();
        double[] constant = new double[rows];
        double[] tiny = new double[rows];
        double[] huge = new double[rows];
        double[] counts = new double[rows];
        String[] many = new String[rows];
        for (int i = 0; i < rows; i++) {
            constant[i] = 7;
            tiny[i] = 0.001 + i * 0.00001;
            huge[i] = 1e12 * (i + 1) + 0.5;
            counts[i] = i % 11;
            many[i] = "k" + (i % 30);
        }
        BitSet all = new BitSet();
        all.set(0, rows);
        return table.with(NumericColumn.of("constant", constant)).with(new NumericColumn("empty", constant, all))
                .with(NumericColumn.of("tiny", tiny)).with(NumericColumn.of("huge", huge))
                .with(NumericColumn.of("counts", counts)).with(CategoricalColumn.of("many", many));
    }

    @Test
    void theSuggestedSuitePassesOnTheDataItCameFrom() {
        Table table = data();
        DatasetProfile profile = Profiler.of(Chunks.of(table, 7));
        ExpectationSuite suite = SuiteSuggester.suggest(profile, "passengers");

        ValidationReport report = Validator.validate(suite, Chunks.of(table, 13));
        assertThat(report.results()).allSatisfy(r -> assertThat(r.success()).as(r.expectation().describe()).isTrue());
        ExpectationSuite reread = SuiteParser.parse(SuiteSuggester.suggestYaml(profile, "passengers"), "suggested.yaml");
        assertThat(Validator.validate(reread, table).success()).isTrue();
    }

    @Test
    void theSuggestionProposesTypesNotNullRangesAndSmallSets() {
        ExpectationSuite suite = SuiteSuggester.suggest(Profiler.of(data()), "passengers");
        List<Expectation> e = suite.expectations();

        assertThat(suite.name()).isEqualTo("passengers");
        assertThat(e.get(0)).isEqualTo(new Expectation.RowCountBetween(90L, 110L));
        assertThat(e).contains(new Expectation.TypeIs("id", ColumnType.TEXT),
                new Expectation.TypeIs("boarded", ColumnType.TIMESTAMP),
                new Expectation.NotNull("id", 1.0), new Expectation.NotNull("adult", 1.0),
                new Expectation.Between("age", Expectation.Bound.of(-9), Expectation.Bound.of(158), 1.0),
                new Expectation.Between("constant", Expectation.Bound.of(6), Expectation.Bound.of(8), 1.0),
                new Expectation.Between("counts", Expectation.Bound.of(0), Expectation.Bound.of(10.5), 1.0),
                new Expectation.InSet("port", List.of("S", "C", "Q", "X"), 1.0));
        assertThat(e).doesNotContain(new Expectation.NotNull("age", 1.0), new Expectation.NotNull("port", 1.0),
                new Expectation.NotNull("empty", 1.0));
        assertThat(e).filteredOn(x -> "empty".equals(x.column())).extracting(Expectation::kind).containsExactly("type");
        assertThat(e).filteredOn(x -> "many".equals(x.column())).extracting(Expectation::kind)
                .as("30 categories are too many for in_set").containsExactly("type", "not_null");
        assertThat(e).filteredOn(x -> "id".equals(x.column())).extracting(Expectation::kind)
                .containsExactly("type", "not_null");
    }

    @Test
    void theYamlSaysItWasGeneratedAndMustBeReviewed() {
        DatasetProfile profile = Profiler.of(data());
        String yaml = SuiteSuggester.suggestYaml(profile, "passengers");

        assertThat(yaml).startsWith("# Expectation suite generated from a profile of 100 rows and 12 columns.\n"
                + "# REVIEW BEFORE USE");
        assertThat(yaml).contains("\nname: passengers\n").contains("  - expect: row_count_between\n    min: 90\n");
        assertThat(yaml).contains("    max: 105000000000000\n").doesNotContain("E+");
        assertThat(SuiteParser.parse(yaml, "suggested.yaml")).isEqualTo(SuiteSuggester.suggest(profile, "passengers"));
    }
}
