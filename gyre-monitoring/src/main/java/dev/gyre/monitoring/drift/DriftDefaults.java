package dev.gyre.monitoring.drift;

import dev.gyre.core.GyreException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses a drift test per column as Evidently does by default, runs it, and decides dataset drift.
 * <ul>
 *   <li>reference ≤ 1000 rows: numeric with more than 5 distinct values → Kolmogorov–Smirnov; at most 2
 *       distinct values → two-proportion Z; otherwise chi-square; all at p-value threshold 0.05;</li>
 *   <li>reference &gt; 1000 rows: numeric with more than 5 distinct values → normalised Wasserstein;
 *       otherwise Jensen–Shannon; both at distance threshold 0.1.</li>
 * </ul>
 * Distinct values are counted over reference and current together. Every column can override the test
 * and the threshold; the dataset drifts when the share of drifted columns reaches 0.5 (overridable).
 * Immutable; the {@code with…} methods return changed copies.
 */
public final class DriftDefaults {

    public static final int SMALL_REFERENCE_ROWS = 1000;
    public static final int DISTINCT_NUMERIC_LIMIT = 5;
    public static final double P_VALUE_THRESHOLD = 0.05;
    public static final double DISTANCE_THRESHOLD = 0.1;
    public static final double DATASET_SHARE = 0.5;

    private final Map<String, DriftTest> testOverrides;
    private final Map<String, Double> thresholdOverrides;
    private final double datasetShare;
    private final Correction correction;

    public DriftDefaults() {
        this(Map.of(), Map.of(), DATASET_SHARE, Correction.NONE);
    }

    private DriftDefaults(Map<String, DriftTest> tests, Map<String, Double> thresholds, double share, Correction correction) {
        this.testOverrides = Map.copyOf(tests);
        this.thresholdOverrides = Map.copyOf(thresholds);
        this.datasetShare = share;
        this.correction = correction;
    }

    /** A chosen test and the threshold its verdict uses. */
    public record Choice(DriftTest test, double threshold) {
    }

    /** Evidently's default test for this column, before overrides. */
    public static Choice defaultFor(Column reference, Column current) {
        Samples.requireNonEmpty("drift test selection", reference, current);
        Samples.requireSameKind("drift test selection", reference, current);
        // only "more than 5" and "at most 2" matter
        int distinct = Samples.distinctUpTo(DISTINCT_NUMERIC_LIMIT, reference, current);
        boolean numeric = reference instanceof Column.Numeric;
        if (reference.size() <= SMALL_REFERENCE_ROWS) {
            if (numeric && distinct > DISTINCT_NUMERIC_LIMIT) {
                return new Choice(new KolmogorovSmirnov(), P_VALUE_THRESHOLD);
            }
            if (distinct <= 2) {
                return new Choice(new ProportionZ(), P_VALUE_THRESHOLD);
            }
            return new Choice(new ChiSquare(), P_VALUE_THRESHOLD);
        }
        if (numeric && distinct > DISTINCT_NUMERIC_LIMIT) {
            return new Choice(new Wasserstein(), DISTANCE_THRESHOLD);
        }
        return new Choice(new JensenShannon(), DISTANCE_THRESHOLD);
    }

    /** The test and threshold used for {@code column}: the default unless overridden. */
    public Choice choose(String column, Column reference, Column current) {
        DriftTest test = testOverrides.get(column);
        Double threshold = thresholdOverrides.get(column);
        if (test == null) {
            Choice d = defaultFor(reference, current);
            return new Choice(d.test(), threshold == null ? d.threshold() : threshold);
        }
        return new Choice(test, threshold == null ? test.defaultThreshold() : threshold);
    }

    public DriftDefaults withTest(String column, DriftTest test) {
        requireColumn(column);
        if (test == null) {
            throw new GyreException.InvalidArgument("no test given for column '" + column + "'; pass a DriftTest such as new Psi()");
        }
        Map<String, DriftTest> t = new HashMap<>(testOverrides);
        t.put(column, test);
        return new DriftDefaults(t, thresholdOverrides, datasetShare, correction);
    }

    public DriftDefaults withThreshold(String column, double threshold) {
        requireColumn(column);
        if (!(threshold > 0) || !Double.isFinite(threshold)) {
            throw new GyreException.InvalidArgument("threshold " + threshold + " for column '" + column
                    + "' must be a positive finite number, for example 0.05 for a p-value or 0.1 for a distance");
        }
        Map<String, Double> t = new HashMap<>(thresholdOverrides);
        t.put(column, threshold);
        return new DriftDefaults(testOverrides, t, datasetShare, correction);
    }

    public DriftDefaults withDatasetShare(double share) {
        if (!(share > 0 && share <= 1)) {
            throw new GyreException.InvalidArgument("dataset drift share " + share + " must be in (0, 1]; the default is 0.5");
        }
        return new DriftDefaults(testOverrides, thresholdOverrides, share, correction);
    }

    public DriftDefaults withCorrection(Correction correction) {
        if (correction == null) {
            throw new GyreException.InvalidArgument("no correction given; pass Correction.NONE for none");
        }
        return new DriftDefaults(testOverrides, thresholdOverrides, datasetShare, correction);
    }

    /**
     * Tests every column of {@code reference} against the same column of {@code current}. With Bonferroni each
     * p-value test drifts when p &lt; its threshold / n; with Benjamini–Hochberg the level α is the default
     * p-value threshold (0.05) for all p-value tests; n counts the applicable p-value tests.
     */
    public DatasetDrift evaluate(Map<String, Column> reference, Map<String, Column> current) {
        if (reference == null || current == null || reference.isEmpty()) {
            throw new GyreException.InvalidArgument("no columns to compare; pass reference and current columns by name");
        }
        for (String name : reference.keySet()) {
            if (!current.containsKey(name)) {
                throw new GyreException.InvalidArgument("column '" + name
                        + "' is in the reference but not in the current data; pass the same columns in both");
            }
        }
        for (String name : current.keySet()) {
            if (!reference.containsKey(name)) {
                throw new GyreException.InvalidArgument("column '" + name
                        + "' is in the current data but not in the reference; pass the same columns in both");
            }
        }
        Map<String, DriftResult> results = new LinkedHashMap<>();
        for (Map.Entry<String, Column> e : reference.entrySet()) {
            Choice c = choose(e.getKey(), e.getValue(), current.get(e.getKey()));
            results.put(e.getKey(), c.test().test(e.getValue(), current.get(e.getKey()), c.threshold()));
        }
        correction.applyTo(results);
        int tested = 0;
        int drifted = 0;
        for (DriftResult r : results.values()) {
            if (r.applicable()) {
                tested++;
                if (r.drifted()) {
                    drifted++;
                }
            }
        }
        if (tested == 0) {
            return new DatasetDrift(results, 0, 0, null, datasetShare, false, correction,
                    "no column could be tested; see each column's note");
        }
        double share = drifted / (double) tested;
        return new DatasetDrift(results, tested, drifted, share, datasetShare, share >= datasetShare, correction, null);
    }

    private static void requireColumn(String column) {
        if (column == null || column.isBlank()) {
            throw new GyreException.InvalidArgument("column name is empty; name the column the override is for");
        }
    }
}
