package dev.gyre.monitoring.profile;

import dev.gyre.core.GyreException;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ColumnProfileTest {

    @org.junit.jupiter.api.BeforeEach
    void seedSketches() {
        Data.seedSketches(20261129L);
    }

    /** Splits indices 0..n−1 into parts: contiguous chunks of random sizes, or random assignment. */
    private static List<int[]> split(int n, int parts, boolean contiguous, Random rnd) {
        List<List<Integer>> lists = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            lists.add(new ArrayList<>());
        }
        if (contiguous) {
            int[] cuts = new int[parts + 1];
            for (int p = 1; p < parts; p++) {
                cuts[p] = rnd.nextInt(n + 1);
            }
            cuts[parts] = n;
            Arrays.sort(cuts);
            for (int p = 0; p < parts; p++) {
                for (int i = cuts[p]; i < cuts[p + 1]; i++) {
                    lists.get(p).add(i);
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                lists.get(rnd.nextInt(parts)).add(i);
            }
        }
        List<int[]> out = new ArrayList<>();
        for (List<Integer> l : lists) {
            out.add(l.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    /** Left fold, or pairwise tree, of the parts' profiles. */
    private static ColumnProfile mergeAll(List<ColumnProfile> parts, boolean tree) {
        if (!tree) {
            ColumnProfile acc = parts.get(0);
            for (int i = 1; i < parts.size(); i++) {
                acc = acc.merge(parts.get(i));
            }
            return acc;
        }
        List<ColumnProfile> level = parts;
        while (level.size() > 1) {
            List<ColumnProfile> next = new ArrayList<>();
            for (int i = 0; i < level.size(); i += 2) {
                next.add(i + 1 < level.size() ? level.get(i + 1).merge(level.get(i)) : level.get(i));
            }
            level = next;
        }
        return level.get(0);
    }

    private static void assertRelative(double actual, double expected, double tolerance) {
        assertThat(Math.abs(actual - expected)).isLessThanOrEqualTo(tolerance * Math.max(1e-300, Math.abs(expected)));
    }

    @Test
    void mergedNumericPartsEqualTheWhole() {
        Random rnd = new Random(7);
        double worstMoment = 0;
        double worstRank = 0;
        int cases = 0;
        for (Data.Dist dist : Data.Dist.values()) {
            double[] v = Data.sample(dist, 30_000, 1000, 3, 11 + dist.ordinal());
            v[5] = Double.NaN; // one missing value and one infinite value ride along
            v[6] = Double.POSITIVE_INFINITY;
            ColumnProfile whole = Data.numeric(v);
            double[] finite = Arrays.stream(v).filter(Double::isFinite).sorted().toArray();
            for (int parts = 2; parts <= 10; parts += 4) {
                for (boolean contiguous : new boolean[] {true, false}) {
                    List<ColumnProfile> profiles = new ArrayList<>();
                    for (int[] idx : split(v.length, parts, contiguous, rnd)) {
                        ColumnProfile p = ColumnProfile.numeric();
                        for (int i : idx) {
                            p.update(v[i]);
                        }
                        profiles.add(p);
                    }
                    ColumnProfile merged = mergeAll(profiles, parts % 2 == 0 && contiguous);
                    cases++;
                    assertThat(merged.count()).isEqualTo(whole.count()).isEqualTo(finite.length);
                    assertThat(merged.missing()).isEqualTo(1);
                    assertThat(merged.infinite()).isEqualTo(1);
                    assertThat(merged.min()).isEqualTo(finite[0]);
                    assertThat(merged.max()).isEqualTo(finite[finite.length - 1]);
                    assertRelative(merged.mean(), whole.mean(), 1e-9);
                    assertRelative(merged.m2(), whole.m2(), 1e-9);
                    worstMoment = Math.max(worstMoment, Math.abs(merged.m2() - whole.m2()) / whole.m2());
                    worstMoment = Math.max(worstMoment, Math.abs(merged.mean() - whole.mean()) / Math.abs(whole.mean()));
                    assertThat(merged.hasExactCounts()).isEqualTo(whole.hasExactCounts());
                    assertThat(merged.numericCounts()).isEqualTo(whole.numericCounts());
                    double eps = merged.quantiles().getNormalizedRankError(false);
                    for (double r = 0.01; r < 1; r += 0.01) {
                        double q = merged.quantiles().getQuantile(r, QuantileSearchCriteria.INCLUSIVE);
                        // the true rank interval of q in the data: [share below q, share at or below q]
                        double below = lowerBound(finite, q) / (double) finite.length;
                        double atOrBelow = upperBound(finite, q) / (double) finite.length;
                        double err = r < below ? below - r : (r > atOrBelow ? r - atOrBelow : 0);
                        worstRank = Math.max(worstRank, err);
                        assertThat(err).isLessThanOrEqualTo(eps);
                    }
                    double distinct = Arrays.stream(finite).distinct().count();
                    assertThat(Math.abs(merged.distinctEstimate() - distinct) / distinct).isLessThan(0.05);
                }
            }
        }
        System.out.printf("merge: %d splits, worst moment relative difference %.3g, worst quantile rank error %.5f (bound %.5f)%n",
                cases, worstMoment, worstRank, ColumnProfile.numeric().quantiles().getNormalizedRankError(false));
    }

    private static int lowerBound(double[] a, double x) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upperBound(double[] a, double x) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Test
    void mergedCategoricalPartsKeepExactCounts() {
        List<String> labels = Data.labels(50_000, 40, 2.0, 3);
        ColumnProfile whole = ColumnProfile.categorical().updateAll(labels);
        Random rnd = new Random(5);
        for (int parts = 2; parts <= 10; parts++) {
            List<ColumnProfile> profiles = new ArrayList<>();
            for (int[] idx : split(labels.size(), parts, parts % 2 == 0, rnd)) {
                ColumnProfile p = ColumnProfile.categorical();
                for (int i : idx) {
                    p.update(labels.get(i));
                }
                profiles.add(p.updateMissing());
            }
            ColumnProfile merged = mergeAll(profiles, parts % 3 == 0);
            assertThat(merged.count()).isEqualTo(50_000);
            assertThat(merged.missing()).isEqualTo(parts);
            assertThat(merged.labelCounts()).isEqualTo(whole.labelCounts());
            assertThat(merged.distinctEstimate()).isEqualTo(40);
            for (var e : whole.labelCounts().entrySet()) {
                // with 40 labels the frequent-items sketch is exact too
                assertThat(merged.frequentItems().getEstimate(e.getKey())).isEqualTo(e.getValue());
            }
        }
    }

    @Test
    void exactCountsAreDroppedPastTheLimitAndStayDropped() {
        ColumnProfile a = ColumnProfile.categorical();
        for (int i = 0; i < ColumnProfile.EXACT_COUNT_LIMIT; i++) {
            a.update("v" + i);
        }
        assertThat(a.hasExactCounts()).isTrue();
        ColumnProfile b = ColumnProfile.categorical().update("another");
        assertThat(a.merge(b).hasExactCounts()).isFalse();
        assertThat(a.merge(b).labelCounts()).isEmpty();
        assertThat(a.merge(b).distinctEstimate()).isBetween(950.0, 1050.0);
        a.update("more");
        assertThat(a.hasExactCounts()).isFalse();
        a.update("v1");
        assertThat(a.hasExactCounts()).isFalse();
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> ColumnProfile.numeric(4)).isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("KLL k 4");
        assertThatThrownBy(() -> ColumnProfile.numeric().update("x")).isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("numeric column profile");
        assertThatThrownBy(() -> ColumnProfile.numeric().merge(ColumnProfile.categorical()))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("same column");
        assertThatThrownBy(() -> ColumnProfile.categorical().quantiles()).isInstanceOf(GyreException.InvalidArgument.class);
    }

    @Test
    void smallerKGivesALargerRankErrorAndMergesDown() {
        ColumnProfile small = ColumnProfile.numeric(200).updateAll(Data.sample(Data.Dist.NORMAL, 5000, 0, 1, 1));
        ColumnProfile big = Data.numeric(Data.sample(Data.Dist.NORMAL, 5000, 0, 1, 2));
        assertThat(small.merge(big).k()).isEqualTo(200);
        assertThat(small.quantiles().getNormalizedRankError(false)).isGreaterThan(big.quantiles().getNormalizedRankError(false));
    }
}
