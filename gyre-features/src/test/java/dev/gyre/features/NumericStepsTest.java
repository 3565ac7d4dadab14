package dev.gyre.features;

import static dev.gyre.features.Tables.categories;
import static dev.gyre.features.Tables.column;
import static dev.gyre.features.Tables.fit;
import static dev.gyre.features.Tables.numbers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.Table;
import org.junit.jupiter.api.Test;

class NumericStepsTest {
    private static final double NAN = Double.NaN;
    private final Table xs = Tables.of(numbers("x", 1.0, 2.0, null, 4.0, 10.0));

    @Test
    void imputeMeanFillsTheTrainingMeanAndTheIndicatorMarksTheFilledRows() {
        Table out = fit(xs, "columns: {x: [{impute: mean, indicator: true}]}").transform(xs);
        assertThat(out.schema().names()).containsExactly("x", "x_missing");
        assertThat(column(out, "x")).containsExactly(1, 2, 4.25, 4, 10);
        assertThat(column(out, "x_missing")).containsExactly(0, 0, 1, 0, 0);
    }

    @Test
    void imputeMedianFillsTheMiddleOfTheSortedValues() {
        // sorted 1, 2, 4, 10: the mean of the two middle values
        assertThat(column(fit(xs, "columns: {x: [{impute: median}]}").transform(xs), "x")).containsExactly(1, 2, 3, 4, 10);
    }

    @Test
    void imputeMostFrequentTakesTheSmallestOnTies() {
        Table t = Tables.of(numbers("x", 3.0, 1.0, 3.0, null, 1.0, 7.0));
        assertThat(column(fit(t, "columns: {x: [{impute: most_frequent}]}").transform(t), "x"))
                .containsExactly(3, 1, 3, 1, 1, 7);
        Table s = Tables.of(categories("c", "b", "a", "b", null));
        FittedFeatures f = fit(s, "columns: {c: [{impute: most_frequent}, ordinal]}");
        assertThat(column(f.transform(s), "c")).containsExactly(1, 0, 1, 1);
    }

    @Test
    void imputeConstantFillsTheGivenValue() {
        assertThat(column(fit(xs, "columns: {x: [{impute: {constant: -1}}]}").transform(xs), "x"))
                .containsExactly(1, 2, -1, 4, 10);
    }

    @Test
    void standardizeUsesTheMeanAndPopulationStandardDeviation() {
        Table t = Tables.of(numbers("x", 1.0, 2.0, 3.0, 4.0, null));
        double std = Math.sqrt(1.25); // ((1.5² + 0.5²) · 2) / 4
        double[] out = column(fit(t, "columns: {x: [standardize]}").transform(t), "x");
        assertThat(out).containsExactly(-1.5 / std, -0.5 / std, 0.5 / std, 1.5 / std, NAN);
    }

    @Test
    void standardizingAConstantColumnOnlyCentresIt() {
        Table t = Tables.of(numbers("x", 5.0, 5.0, 5.0));
        FittedFeatures f = fit(t, "columns: {x: [standardize]}");
        assertThat(column(f.transform(t), "x")).containsExactly(0, 0, 0);
        assertThat(column(f.transform(Tables.of(numbers("x", 7.0))), "x")).containsExactly(2);
    }

    @Test
    void minMaxMapsTheTrainingRangeToZeroOne() {
        Table t = Tables.of(numbers("x", 2.0, 4.0, 6.0, null));
        FittedFeatures f = fit(t, "columns: {x: [min_max]}");
        assertThat(column(f.transform(t), "x")).containsExactly(0, 0.5, 1, NAN);
        assertThat(column(f.transform(Tables.of(numbers("x", 8.0, 0.0))), "x")).containsExactly(1.5, -0.5);
    }

    @Test
    void log1pTurnsMinusOneAndBelowIntoMissing() {
        Table t = Tables.of(numbers("x", 0.0, Math.E - 1, -1.0, -2.0, 3.0));
        assertThat(column(fit(t, "columns: {x: [log1p]}").transform(t), "x"))
                .containsExactly(0, Math.log1p(Math.E - 1), NAN, NAN, Math.log1p(3));
    }

    @Test
    void clipLimitsToTheBounds() {
        Table t = Tables.of(numbers("x", -5.0, 10.0, 500.0, null));
        assertThat(column(fit(t, "columns: {x: [{clip: {min: 0, max: 300}}]}").transform(t), "x"))
                .containsExactly(0, 10, 300, NAN);
        assertThat(column(fit(t, "columns: {x: [{clip: {max: 5}}]}").transform(t), "x"))
                .containsExactly(-5, 5, 5, NAN);
    }

    @Test
    void bucketizeByQuantilesLearnsInterpolatedEdges() {
        Table t = Tables.of(numbers("x", 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0));
        // h = 7p: edges 2 + .75 = 2.75, 4 + .5 = 4.5, 6 + .25 = 6.25; an edge belongs to the bucket above it
        FittedFeatures f = fit(t, "columns: {x: [{bucketize: {quantiles: 4}}]}");
        assertThat(column(f.transform(t), "x")).containsExactly(0, 0, 1, 1, 2, 2, 3, 3);
        assertThat(column(f.transform(Tables.of(numbers("x", 2.75, 4.5, 6.25, -100.0, null))), "x"))
                .containsExactly(1, 2, 3, 0, NAN);
    }

    @Test
    void bucketizeWithFixedEdgesCountsTheEdgesAtOrBelow() {
        Table t = Tables.of(numbers("x", 0.0, 1.0, 3.0, 5.0, 7.0));
        assertThat(column(fit(t, "columns: {x: [{bucketize: {edges: [1, 2, 5]}}]}").transform(t), "x"))
                .containsExactly(0, 1, 2, 3, 3);
    }

    @Test
    void stepsRunInOrderOnThePreviousStepsOutput() {
        Table t = Tables.of(numbers("x", null, 0.0, 3.0, 1000.0));
        // impute 0 → log1p → clip at ln(4) → min_max learned on the clipped values 0, 0, ln 4, ln 4
        FittedFeatures f = fit(t, "columns: {x: [{impute: {constant: 0}}, log1p, {clip: {max: 1.3862943611198906}},"
                + " min_max]}");
        assertThat(column(f.transform(t), "x")).containsExactly(0, 0, Math.log1p(3) / 1.3862943611198906, 1);
    }

    @Test
    void numericColumnsWithoutStepsPassThroughAndStayMissing() {
        Table t = Tables.of(numbers("x", 1.5, null), numbers("y", 2.0, 3.0));
        FittedFeatures f = fit(t, "columns: {y: [standardize]}");
        assertThat(f.featureNames()).containsExactly("x", "y");
        assertThat(column(f.transform(t), "x")).containsExactly(1.5, NAN);
        assertThat(f.transformRow(t.row(1))[0]).isNaN();
    }

    @Test
    void toMatrixRefusesAMissingValueNamingTheColumnAndSuggestingImpute() {
        Table t = Tables.of(numbers("x", 1.0, 2.0), numbers("age", 3.0, null));
        FittedFeatures f = fit(t, "columns: {x: [standardize]}");
        assertThatThrownBy(() -> f.toMatrix(t))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("The feature 'age' is missing in row 1")
                .hasMessageContaining("Impute the column 'age' in the feature spec, e.g. age: [{impute: median}");
    }

    @Test
    void aNumericStepOnTextIsRefusedAtFitWithTheLine() {
        Table t = Tables.of(categories("sex", "m", "f"));
        assertThatThrownBy(() -> fit(t, "target: null\ncolumns:\n  sex: [standardize]\n"))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("Line 3, field 'columns.sex[1]': standardize needs numbers, but 'sex' is text"
                        + " at this step; encode it with ordinal or frequency before standardize");
    }

    @Test
    void aStatisticWithoutTrainingValuesIsRefused() {
        Table t = Tables.of(numbers("x", null, null));
        assertThatThrownBy(() -> fit(t, "columns: {x: [{impute: median}]}"))
                .hasMessageContaining("'x' has no values in the training table at this step, so impute median has"
                        + " nothing to learn from; impute a constant first, or drop the column.");
    }
}
