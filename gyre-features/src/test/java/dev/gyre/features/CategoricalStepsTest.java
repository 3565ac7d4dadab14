package dev.gyre.features;

import static dev.gyre.features.Tables.categories;
import static dev.gyre.features.Tables.column;
import static dev.gyre.features.Tables.fit;
import static dev.gyre.features.Tables.numbers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.Table;
import dev.gyre.core.table.TextColumn;
import dev.gyre.features.internal.Fnv1a;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CategoricalStepsTest {
    private final Table colours = Tables.of(categories("c", "red", "blue", "red", "green", null, "red", "blue"));

    @Test
    void oneHotWritesOneColumnPerCategoryInSortedOrderAndZerosForMissing() {
        FittedFeatures f = fit(colours, "columns: {c: [one_hot]}");
        assertThat(f.featureNames()).containsExactly("c=blue", "c=green", "c=red");
        assertThat(f.transformRow(Map.of("c", "green"))).containsExactly(0, 1, 0);
        assertThat(f.transformRow(Map.of())).containsExactly(0, 0, 0);
    }

    @Test
    void oneHotKeepsTheMostFrequentAndFoldsTheRestIntoOther() {
        // red 3, blue 2, green 1
        FittedFeatures f = fit(colours, "columns: {c: [{one_hot: {max_categories: 2}}]}");
        assertThat(f.featureNames()).containsExactly("c=blue", "c=red", "c=<other>");
        assertThat(f.transformRow(Map.of("c", "green"))).containsExactly(0, 0, 1);
        assertThat(f.transformRow(Map.of("c", "purple"))).as("unseen, ignored").containsExactly(0, 0, 0);
    }

    @Test
    void oneHotUnseenOtherCountsNewValuesInTheOtherColumn() {
        FittedFeatures f = fit(colours, "columns: {c: [{one_hot: {unseen: other}}]}");
        assertThat(f.featureNames()).containsExactly("c=blue", "c=green", "c=red", "c=<other>");
        assertThat(f.transformRow(Map.of("c", "purple"))).containsExactly(0, 0, 0, 1);
        assertThat(f.transformRow(Map.of("c", "red"))).containsExactly(0, 0, 1, 0);
    }

    @Test
    void oneHotUnseenErrorNamesTheValueAndTheKnownOnes() {
        FittedFeatures f = fit(colours, "columns: {c: [{one_hot: {unseen: error}}]}");
        assertThat(f.transformRow(Map.of())).as("missing is not unseen").containsExactly(0, 0, 0);
        assertThatThrownBy(() -> f.transform(Tables.of(categories("c", "red", "purple"))))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("Column 'c' has the value 'purple', which the training table did not have, and"
                        + " its one_hot step says unseen: error. The known values are [blue, green, red].");
    }

    @Test
    void oneHotOfNumbersNamesCategoriesWithoutAFraction() {
        Table t = Tables.of(numbers("pclass", 3.0, 1.0, 2.0, 3.0, 0.5));
        FittedFeatures f = fit(t, "columns: {pclass: [one_hot]}");
        assertThat(f.featureNames()).containsExactly("pclass=0.5", "pclass=1", "pclass=2", "pclass=3");
        assertThat(f.transformRow(Map.of("pclass", 2))).containsExactly(0, 0, 1, 0);
        assertThat(f.transformRow(Map.of("pclass", 4.0))).containsExactly(0, 0, 0, 0);
    }

    @Test
    void ordinalCodesFollowTheSortedCategoriesAndUnseenIsMinusOne() {
        FittedFeatures f = fit(colours, "columns: {c: [ordinal]}");
        assertThat(column(f.transform(colours), "c")).containsExactly(2, 0, 2, 1, -1, 2, 0);
        assertThat(f.transformRow(Map.of("c", "purple"))).containsExactly(-1);
    }

    @Test
    void ordinalUnseenErrorRefusesNewValues() {
        FittedFeatures f = fit(colours, "columns: {c: [{ordinal: {unseen: error}}]}");
        assertThatThrownBy(() -> f.transformRow(Map.of("c", "purple")))
                .hasMessageContaining("its ordinal step says unseen: error")
                .hasMessageContaining("use unseen: ignore to accept new values");
    }

    @Test
    void frequencyIsTheShareOfTrainingRowsAndZeroForUnseenAndMissing() {
        FittedFeatures f = fit(colours, "columns: {c: [frequency]}");
        assertThat(column(f.transform(colours), "c")).containsExactly(3 / 7.0, 2 / 7.0, 3 / 7.0, 1 / 7.0, 0,
                3 / 7.0, 2 / 7.0);
        assertThat(f.transformRow(Map.of("c", "purple"))).containsExactly(0);
    }

    @Test
    void frequencyCanBeFollowedByNumericSteps() {
        FittedFeatures f = fit(colours, "columns: {c: [frequency, min_max]}");
        // training shares range from 0 (the missing row) to 3/7 (red)
        assertThat(f.transformRow(Map.of("c", "red"))).containsExactly(1);
        assertThat(f.transformRow(Map.of("c", "green"))).containsExactly((1 / 7.0) / (3 / 7.0));
    }

    @Test
    void hashingSetsTheFnv1aBucketOfTheText() {
        Table t = Tables.of(TextColumn.of("ticket", "PC", "STON/O2.", null));
        FittedFeatures f = fit(t, "columns: {ticket: [{hashing: {buckets: 8}}]}");
        assertThat(f.featureNames()).containsExactly("ticket#0", "ticket#1", "ticket#2", "ticket#3", "ticket#4",
                "ticket#5", "ticket#6", "ticket#7");
        // the bucket is the unsigned FNV-1a hash of the bytes modulo 8, the hash computed by hand below
        int pc = Integer.remainderUnsigned(handFnv1a("PC"), 8);
        double[] row = f.transformRow(Map.of("ticket", "PC"));
        assertThat(row[pc]).isEqualTo(1.0);
        assertThat(java.util.Arrays.stream(row).sum()).isEqualTo(1.0);
        assertThat(f.transformRow(Map.of("ticket", "never seen")))
                .as("hashing needs no training values").matches(r -> java.util.Arrays.stream(r).sum() == 1.0);
        assertThat(java.util.Arrays.stream(f.transformRow(Map.of())).sum()).isZero();
        assertThat(Fnv1a.bucket("PC", 8)).isEqualTo(pc);
    }

    @Test
    void aTextColumnWithoutStepsIsRefusedNamingTheColumnAndTheFixes() {
        Table t = Tables.of(numbers("x", 1.0), categories("sex", "m"));
        assertThatThrownBy(() -> fit(t, ""))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("'sex' is text (categorical or free text) and has no steps")
                .hasMessageContaining("sex: [one_hot] or [ordinal]")
                .hasMessageContaining("or add it to drop");
    }

    @Test
    void aTextColumnEndingAsTextIsRefused() {
        Table t = Tables.of(categories("sex", "m", null));
        assertThatThrownBy(() -> fit(t, "columns:\n  sex: [{impute: most_frequent}]\n"))
                .hasMessageContaining("Line 2, field 'columns.sex': 'sex' is still text after its steps; end them"
                        + " with one_hot, ordinal, frequency or hashing.");
    }

    private static int handFnv1a(String ascii) {
        int h = 0x811C9DC5;
        for (char c : ascii.toCharArray()) {
            h ^= c;
            h *= 0x01000193;
        }
        return h;
    }
}
