package dev.gyre.data.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgreementTest {

    /**
     * Two annotators, A and B, label 20 items cat / dog / bird. Rows of the confusion matrix are A's labels,
     * columns B's:
     *
     * <pre>
     *             B: cat  dog  bird | A total
     *   A: cat        6    1    1  |   8
     *   A: dog        1    5    0  |   6
     *   A: bird       0    1    5  |   6
     *   B total       7    7    6  |  20
     * </pre>
     *
     * Observed agreement po = (6 + 5 + 5) / 20 = 16/20 = 0.8.
     * Expected agreement pe = (8·7 + 6·7 + 6·6) / 20² = (56 + 42 + 36) / 400 = 134/400 = 0.335.
     * Cohen's kappa = (0.8 - 0.335) / (1 - 0.335) = 0.465 / 0.665 = 93/133 ≈ 0.699248.
     *
     * Fleiss' kappa pools both annotators' labels: p(cat) = 15/40, p(dog) = 13/40, p(bird) = 12/40, so
     * P̄e = (225 + 169 + 144) / 1600 = 538/1600; with two raters P_i is 1 when they agree, else 0, so P̄ = 0.8;
     * kappa = (0.8 - 538/1600) / (1 - 538/1600) = (1280 - 538) / (1600 - 538) = 742/1062 = 371/531 ≈ 0.698682.
     */
    static final List<String> ANNOTATOR_A = expand("cat", 6, "cat", 1, "cat", 1, "dog", 1, "dog", 5, "bird", 1, "bird", 5);
    static final List<String> ANNOTATOR_B = expand("cat", 6, "dog", 1, "bird", 1, "cat", 1, "dog", 5, "dog", 1, "bird", 5);
    static final double COHEN = 93.0 / 133.0;
    static final double FLEISS_OF_TWO = 371.0 / 531.0;

    /** Fleiss (1971) as worked on Wikipedia: 10 items, 14 raters each, 5 categories; kappa ≈ 0.210. */
    static final int[][] FLEISS_1971 = {
            {0, 0, 0, 0, 14},
            {0, 2, 6, 4, 2},
            {0, 0, 3, 5, 6},
            {0, 3, 9, 2, 0},
            {2, 2, 8, 1, 1},
            {7, 7, 0, 0, 0},
            {3, 2, 6, 3, 0},
            {2, 5, 3, 2, 2},
            {6, 5, 2, 1, 0},
            {0, 2, 2, 3, 7},
    };

    @Test
    void cohensKappaOfTwentyItemsMatchesTheHandComputedValue() {
        assertThat(ANNOTATOR_A).hasSize(20);
        assertThat(ANNOTATOR_B).hasSize(20);

        assertThat(Agreement.cohensKappa(ANNOTATOR_A, ANNOTATOR_B)).isCloseTo(COHEN, within(1e-12));
        assertThat(Agreement.cohensKappa(ANNOTATOR_A, ANNOTATOR_B)).isCloseTo(0.699248, within(1e-6));
    }

    @Test
    void percentAgreementOfTwoAnnotatorsIsTheShareOfItemsTheyLabelAlike() {
        assertThat(Agreement.percentAgreement(items(ANNOTATOR_A, ANNOTATOR_B))).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void fleissKappaOfTwoAnnotatorsPoolsTheirLabelFrequencies() {
        assertThat(Agreement.fleissKappa(items(ANNOTATOR_A, ANNOTATOR_B))).isCloseTo(FLEISS_OF_TWO, within(1e-12));
    }

    @Test
    void fleissKappaOfTheClassicExampleIsAbout0210() {
        // P̄ = 0.378022, P̄e = 0.212755 (p_j = 0.143, 0.200, 0.279, 0.150, 0.229)
        assertThat(Agreement.fleissKappa(FLEISS_1971)).isCloseTo(0.209931, within(1e-6));
    }

    @Test
    void fleissKappaFromLabelsEqualsFleissKappaFromCounts() {
        List<List<String>> items = new ArrayList<>();
        String[] categories = {"a", "b", "c", "d", "e"};
        for (int[] row : FLEISS_1971) {
            List<String> labels = new ArrayList<>();
            for (int j = 0; j < row.length; j++) {
                for (int k = 0; k < row[j]; k++) {
                    labels.add(categories[j]);
                }
            }
            items.add(labels);
        }
        assertThat(Agreement.fleissKappa(items)).isCloseTo(Agreement.fleissKappa(FLEISS_1971), within(1e-12));
    }

    @Test
    void perfectAgreementIsOneAndSystematicDisagreementIsNegative() {
        List<String> a = List.of("x", "y", "x", "y");
        assertThat(Agreement.cohensKappa(a, a)).isEqualTo(1.0);
        assertThat(Agreement.fleissKappa(items(a, a))).isEqualTo(1.0);
        assertThat(Agreement.cohensKappa(a, List.of("y", "x", "y", "x"))).isEqualTo(-1.0);
    }

    @Test
    void itemsWithAMissingLabelAreSkipped() {
        List<String> a = new ArrayList<>(ANNOTATOR_A);
        List<String> b = new ArrayList<>(ANNOTATOR_B);
        a.add(null);
        b.add("cat");
        a.add("dog");
        b.add(null);

        assertThat(Agreement.cohensKappa(a, b)).isCloseTo(COHEN, within(1e-12));
        assertThat(Agreement.percentAgreement(items(a, b))).isCloseTo(0.8, within(1e-12));
        assertThat(Agreement.fleissKappa(items(a, b))).isCloseTo(FLEISS_OF_TWO, within(1e-12));
    }

    @Test
    void fleissKappaAcceptsItemsWithDifferentNumbersOfLabels() {
        // two items labelled by three annotators alike, one by two who disagree, one by a single annotator
        List<List<String>> items = List.of(List.of("x", "x", "x"), List.of("y", "y", "y"), List.of("x", "y"),
                List.of("x"));
        // P = 1, 1, 0 → P̄ = 2/3; labels x 4, y 4 → P̄e = 1/2; kappa = (2/3 - 1/2) / (1/2) = 1/3
        assertThat(Agreement.fleissKappa(items)).isCloseTo(1.0 / 3.0, within(1e-12));
        assertThat(Agreement.percentAgreement(items)).isCloseTo(2.0 / 3.0, within(1e-12));
    }

    @Test
    void undefinedValuesAreNaN() {
        assertThat(Agreement.cohensKappa(List.of("x", "x"), List.of("x", "x"))).isNaN();
        assertThat(Agreement.cohensKappa(Arrays.asList("x", null), Arrays.asList(null, "y"))).isNaN();
        assertThat(Agreement.fleissKappa(List.of(List.of("x"), List.of("y")))).isNaN();
        assertThat(Agreement.percentAgreement(List.of())).isNaN();
    }

    @Test
    void refusesListsOfDifferentLengthsAndNegativeCounts() {
        assertThatThrownBy(() -> Agreement.cohensKappa(List.of("x"), List.of("x", "y")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in length");
        assertThatThrownBy(() -> Agreement.fleissKappa(new int[][] {{2, -1}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }

    /** Labels in runs: ("cat", 6, "dog", 1) is six cats, then a dog. */
    static List<String> expand(Object... runs) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < runs.length; i += 2) {
            for (int k = 0; k < (Integer) runs[i + 1]; k++) {
                out.add((String) runs[i]);
            }
        }
        return out;
    }

    private static List<List<String>> items(List<String> a, List<String> b) {
        List<List<String>> items = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            items.add(Arrays.asList(a.get(i), b.get(i)));
        }
        return items;
    }
}
