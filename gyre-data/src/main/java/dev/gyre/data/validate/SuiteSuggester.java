package dev.gyre.data.validate;

import dev.gyre.core.table.ColumnType;
import dev.gyre.data.profile.ColumnProfile;
import dev.gyre.data.profile.DatasetProfile;
import dev.gyre.data.profile.NumericSummary;
import dev.gyre.data.profile.TopValues;
import dev.gyre.data.profile.ValueCount;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Proposes an {@link ExpectationSuite} from a {@link DatasetProfile}, for a person to review, edit and keep.
 *
 * <p>The suggestion, which always passes on the data the profile came from:
 * <ul>
 *   <li>{@code row_count_between} from a tenth (rounded up) below the row count to a tenth above it;</li>
 *   <li>per column, in order: {@code type}; {@code not_null} when it has rows and none is missing;
 *       for numeric columns {@code between} the minimum and maximum widened by 5% of their range (or by 5% of
 *       the value, at least 1, when all values are equal), rounded outwards to the widening's order of magnitude
 *       and not below 0 when no value is negative; for categorical columns with exactly counted values and at
 *       most {@value #MAX_SET_SIZE} of them, {@code in_set} of those values, most frequent first.</li>
 * </ul>
 * It does not guess at {@code unique}, {@code regex} or {@code mostly}: those need knowledge of the data's meaning.
 */
public final class SuiteSuggester {
    /** The most values an {@code in_set} suggestion lists. */
    public static final int MAX_SET_SIZE = 20;

    private static final double RANGE_MARGIN = 0.05;

    private SuiteSuggester() {
    }

    /** The suggested suite, named {@code name}. */
    public static ExpectationSuite suggest(DatasetProfile profile, String name) {
        Objects.requireNonNull(profile, "profile");
        List<Expectation> out = new ArrayList<>();
        long rows = profile.rowCount();
        long margin = (rows + 9) / 10;
        out.add(new Expectation.RowCountBetween(rows - margin, rows + margin));
        for (ColumnProfile column : profile.columns()) {
            out.add(new Expectation.TypeIs(column.name(), column.type()));
            if (column.count() > 0 && column.missing() == 0) {
                out.add(new Expectation.NotNull(column.name(), 1.0));
            }
            column.numeric().flatMap(n -> between(column.name(), n)).ifPresent(out::add);
            if (column.type() == ColumnType.CATEGORICAL) {
                inSet(column).ifPresent(out::add);
            }
        }
        return new ExpectationSuite(name, out);
    }

    /**
     * The suggested suite as YAML that {@link SuiteParser} reads, under a comment header that says it was
     * generated from a profile and must be reviewed.
     */
    public static String suggestYaml(DatasetProfile profile, String name) {
        ExpectationSuite suite = suggest(profile, name);
        return "# Expectation suite generated from a profile of " + profile.rowCount() + " rows and "
                + profile.columns().size() + " columns.\n"
                + "# REVIEW BEFORE USE: it describes the data it was made from, not what the data should be.\n"
                + "# Tighten or loosen the bounds, delete what need not hold, and add what the profile cannot\n"
                + "# know (unique keys, value formats, mostly thresholds).\n"
                + suite.toYaml();
    }

    private static Optional<Expectation> between(String column, NumericSummary n) {
        double min = n.min();
        double max = n.max();
        if (n.count() == 0 || !Double.isFinite(min) || !Double.isFinite(max)) {
            return Optional.empty();
        }
        double span = max - min;
        double pad = span > 0 ? span * RANGE_MARGIN : Math.max(Math.abs(min) * RANGE_MARGIN, 1.0);
        if (!Double.isFinite(pad)) {
            return Optional.empty();
        }
        double low = round(min - pad, pad, RoundingMode.FLOOR);
        double high = round(max + pad, pad, RoundingMode.CEILING);
        if (min >= 0 && low < 0) {
            low = 0;
        }
        if (!Double.isFinite(low) || !Double.isFinite(high) || low > min || high < max) {
            return Optional.empty();
        }
        return Optional.of(new Expectation.Between(column, Expectation.Bound.of(low), Expectation.Bound.of(high), 1.0));
    }

    /** {@code value} rounded in {@code mode} to the order of magnitude of {@code step}. */
    private static double round(double value, double step, RoundingMode mode) {
        if (!Double.isFinite(value)) {
            return value;
        }
        int exponent = (int) Math.floor(Math.log10(step));
        return new BigDecimal(value).setScale(-exponent, mode).doubleValue();
    }

    private static Optional<Expectation> inSet(ColumnProfile column) {
        Optional<TopValues> top = column.topValues();
        if (top.isEmpty() || !top.get().exact() || top.get().values().isEmpty()
                || top.get().values().size() > MAX_SET_SIZE) {
            return Optional.empty();
        }
        List<String> values = top.get().values().stream().map(ValueCount::value).toList();
        return Optional.of(new Expectation.InSet(column.name(), values, 1.0));
    }
}
