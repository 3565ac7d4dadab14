package dev.gyre.data.label;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Inter-annotator agreement, as pure functions over labels.
 *
 * <p><b>Missing annotations</b> are {@code null} entries. Percent agreement and Fleiss' kappa skip items with
 * fewer than two labels and allow the remaining items different numbers of labels; Cohen's kappa skips items
 * that either annotator left unlabelled. A value that is undefined — no item left, or an expected agreement of
 * 1 because every label was the same — is {@link Double#NaN}.
 */
public final class Agreement {

    private Agreement() {
    }

    /**
     * Percent agreement: for every item with at least two labels, the share of pairs of its labels that are
     * equal; averaged over those items. For two annotators this is the share of items they labelled alike.
     *
     * @param items per item, its labels ({@code null} for a missing one)
     * @return between 0 and 1, or NaN when no item has two labels
     */
    public static double percentAgreement(List<? extends List<String>> items) {
        Objects.requireNonNull(items, "items");
        double sum = 0;
        int counted = 0;
        for (List<String> labels : items) {
            Map<String, Integer> counts = counts(labels);
            int n = counts.values().stream().mapToInt(Integer::intValue).sum();
            if (n < 2) {
                continue;
            }
            sum += agreeingPairs(counts) / ((double) n * (n - 1));
            counted++;
        }
        return counted == 0 ? Double.NaN : sum / counted;
    }

    /**
     * Cohen's kappa for two annotators: {@code (po - pe) / (1 - pe)}, where {@code po} is the share of items
     * they labelled alike and {@code pe = Σ_k pA(k) × pB(k)} the agreement expected from each annotator's own
     * label frequencies. Items either left unlabelled are skipped.
     *
     * @param first  the first annotator's label per item ({@code null} when missing)
     * @param second the second annotator's label per item, in the same item order
     * @return at most 1; NaN when no item has both labels or {@code pe} is 1
     * @throws IllegalArgumentException when the lists differ in length
     */
    public static double cohensKappa(List<String> first, List<String> second) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        if (first.size() != second.size()) {
            throw new IllegalArgumentException("The two annotators' lists differ in length: " + first.size() + " and "
                    + second.size() + " items.");
        }
        Map<String, Integer> a = new HashMap<>();
        Map<String, Integer> b = new HashMap<>();
        int n = 0;
        int agree = 0;
        for (int i = 0; i < first.size(); i++) {
            String x = first.get(i);
            String y = second.get(i);
            if (x == null || y == null) {
                continue;
            }
            n++;
            agree += x.equals(y) ? 1 : 0;
            a.merge(x, 1, Integer::sum);
            b.merge(y, 1, Integer::sum);
        }
        if (n == 0) {
            return Double.NaN;
        }
        double observed = agree / (double) n;
        double expected = 0;
        for (Map.Entry<String, Integer> entry : a.entrySet()) {
            expected += (entry.getValue() / (double) n) * (b.getOrDefault(entry.getKey(), 0) / (double) n);
        }
        return kappa(observed, expected);
    }

    /**
     * Fleiss' kappa from labels per item: {@code (P̄ - P̄e) / (1 - P̄e)}, see {@link #fleissKappa(int[][])}.
     *
     * @param items per item, its labels ({@code null} for a missing one)
     */
    public static double fleissKappa(List<? extends List<String>> items) {
        Objects.requireNonNull(items, "items");
        Map<String, Integer> categories = new LinkedHashMap<>();
        List<Map<String, Integer>> perItem = new ArrayList<>(items.size());
        for (List<String> labels : items) {
            Map<String, Integer> counts = counts(labels);
            counts.keySet().forEach(label -> categories.putIfAbsent(label, categories.size()));
            perItem.add(counts);
        }
        int[][] matrix = new int[perItem.size()][categories.size()];
        for (int i = 0; i < perItem.size(); i++) {
            for (Map.Entry<String, Integer> entry : perItem.get(i).entrySet()) {
                matrix[i][categories.get(entry.getKey())] = entry.getValue();
            }
        }
        return fleissKappa(matrix);
    }

    /**
     * Fleiss' kappa from a count matrix: {@code counts[i][j]} annotators put item {@code i} in category
     * {@code j}. For each item with {@code n_i ≥ 2} labels, {@code P_i = Σ_j n_ij (n_ij - 1) / (n_i (n_i - 1))};
     * {@code P̄} is their mean; {@code p_j} is category {@code j}'s share of all labels of those items and
     * {@code P̄e = Σ_j p_j²}. With the same number of annotators on every item this is Fleiss (1971); items
     * with other numbers of labels enter {@code P̄} with equal weight and {@code p_j} by their labels.
     *
     * @return at most 1; NaN when no item has two labels or {@code P̄e} is 1
     * @throws IllegalArgumentException for a negative count or rows of different lengths
     */
    public static double fleissKappa(int[][] counts) {
        Objects.requireNonNull(counts, "counts");
        int categories = counts.length == 0 ? 0 : counts[0].length;
        double[] totals = new double[categories];
        double labels = 0;
        double sumP = 0;
        int items = 0;
        for (int[] row : counts) {
            if (row.length != categories) {
                throw new IllegalArgumentException("Every item needs a count for each of the " + categories
                        + " categories; one has " + row.length + ".");
            }
            int n = 0;
            long pairs = 0;
            for (int count : row) {
                if (count < 0) {
                    throw new IllegalArgumentException("Counts cannot be negative: " + count + ".");
                }
                n += count;
                pairs += (long) count * (count - 1);
            }
            if (n < 2) {
                continue;
            }
            items++;
            sumP += pairs / ((double) n * (n - 1));
            labels += n;
            for (int j = 0; j < categories; j++) {
                totals[j] += row[j];
            }
        }
        if (items == 0) {
            return Double.NaN;
        }
        double expected = 0;
        for (double total : totals) {
            double p = total / labels;
            expected += p * p;
        }
        return kappa(sumP / items, expected);
    }

    private static double kappa(double observed, double expected) {
        if (expected >= 1.0 - 1e-12) {
            return Double.NaN;
        }
        return (observed - expected) / (1.0 - expected);
    }

    /** Non-null labels → how often each occurs, in first-seen order. */
    private static Map<String, Integer> counts(List<String> labels) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String label : labels) {
            if (label != null) {
                counts.merge(label, 1, Integer::sum);
            }
        }
        return counts;
    }

    private static long agreeingPairs(Map<String, Integer> counts) {
        long pairs = 0;
        for (int count : counts.values()) {
            pairs += (long) count * (count - 1);
        }
        return pairs;
    }
}
