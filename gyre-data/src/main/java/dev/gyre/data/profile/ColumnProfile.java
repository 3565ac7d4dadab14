package dev.gyre.data.profile;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.Field;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The profile of one column: counts, a distinct estimate and the statistics of its type. Build one with a
 * {@link Profiler}; combine the profiles of two parts of the same column with {@link #merge}.
 *
 * <p>Missing values are counted in {@link #missing()} and left out of every other statistic; for numeric
 * columns NaN counts as missing. The distinct count is exact when the values were counted exactly (see
 * {@link TopValues}) and for booleans, otherwise a HyperLogLog estimate ({@code lgK = 12}: a relative
 * standard error of about 1.6%).
 *
 * <p>Immutable: {@link #merge} returns a new profile. Safe to share between threads.
 */
public final class ColumnProfile {
    private final ColumnState state;

    /** Takes ownership of {@code state}, which must not change afterwards. */
    ColumnProfile(ColumnState state) {
        this.state = state;
    }

    ColumnState state() {
        return state;
    }

    /** The column's name. */
    public String name() {
        return state.name;
    }

    /** The column's type. */
    public ColumnType type() {
        return state.type;
    }

    /** The column's name and type. */
    public Field field() {
        return new Field(state.name, state.type);
    }

    /** The number of rows, missing ones included. */
    public long count() {
        return state.count;
    }

    /** The number of missing rows (NaN included for numeric columns). */
    public long missing() {
        return state.missing;
    }

    /** The number of rows with a value: {@link #count()} − {@link #missing()}. */
    public long present() {
        return state.present();
    }

    /** {@link #missing()} / {@link #count()}; 0 for no rows. */
    public double missingRate() {
        return state.count == 0 ? 0.0 : (double) state.missing / state.count;
    }

    /** The number of distinct present values: exact when {@link #distinctExact()}, else an estimate. */
    public long distinct() {
        if (state.type == ColumnType.BOOLEAN) {
            return (state.trueCount > 0 ? 1 : 0) + (state.present() - state.trueCount > 0 ? 1 : 0);
        }
        if (state.values != null && state.values.isExact()) {
            return state.values.exactCounts().size();
        }
        return Math.round(state.hll.getEstimate());
    }

    /** Whether {@link #distinct()} is an exact count. */
    public boolean distinctExact() {
        return state.type == ColumnType.BOOLEAN || (state.values != null && state.values.isExact());
    }

    /** The lower and upper bounds of the distinct count at about 95% confidence (two standard errors). */
    public long[] distinctBounds() {
        if (distinctExact()) {
            return new long[] {distinct(), distinct()};
        }
        return new long[] {(long) Math.floor(state.hll.getLowerBound(2)), (long) Math.ceil(state.hll.getUpperBound(2))};
    }

    /** The numeric statistics; present for numeric columns only. */
    public Optional<NumericSummary> numeric() {
        return state.type == ColumnType.NUMERIC ? Optional.of(new NumericSummary(state)) : Optional.empty();
    }

    /** The value counts; present for categorical, text and boolean columns. */
    public Optional<TopValues> topValues() {
        if (state.type == ColumnType.BOOLEAN) {
            long falseCount = state.present() - state.trueCount;
            List<ValueCount> counts = new ArrayList<>();
            if (state.trueCount > 0) {
                counts.add(new ValueCount("true", state.trueCount));
            }
            if (falseCount > 0) {
                counts.add(new ValueCount("false", falseCount));
            }
            counts.sort(ValueCounter.BY_COUNT);
            return Optional.of(new TopValues(true, counts, 0));
        }
        if (state.values == null) {
            return Optional.empty();
        }
        return Optional.of(new TopValues(state.values.isExact(), state.values.values(), state.values.maximumError()));
    }

    /**
     * The image of the numeric quantile sketch (DataSketches' KLL doubles sketch, compact form), for tools that
     * read the sketch itself, e.g. monitoring comparing live windows with a reference; present for numeric
     * columns.
     */
    public Optional<byte[]> quantileSketchImage() {
        if (state.kll == null) {
            return Optional.empty();
        }
        synchronized (state.kll) {
            return Optional.of(state.kll.toByteArray());
        }
    }

    /** The sum of squared deviations from the mean of the present numeric values; present for numeric columns. */
    public java.util.OptionalDouble sumOfSquaredDeviations() {
        return state.kll == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(state.m2);
    }

    /** The image of the distinct-count sketch (DataSketches' HLL, compact form); present when the column has one. */
    public Optional<byte[]> distinctSketchImage() {
        return state.hll == null ? Optional.empty() : Optional.of(state.hll.toCompactByteArray());
    }

    /**
     * The image of the frequent-items sketch (DataSketches' items sketch of strings) for a categorical or text
     * column whose values are no longer counted exactly; empty while they are (then {@link #topValues()} is exact).
     */
    public Optional<byte[]> frequentItemsImage() {
        if (state.values == null || state.values.isExact()) {
            return Optional.empty();
        }
        return Optional.of(state.values.sketchBytes());
    }

    /** The lengths of the values in Unicode code points; present for text columns with a value. */
    public Optional<TextLengths> textLengths() {
        if (state.type != ColumnType.TEXT || state.present() == 0) {
            return Optional.empty();
        }
        return Optional.of(new TextLengths(state.minLength, state.maxLength,
                (double) state.totalLength / state.present()));
    }

    /** How many rows are true; present for boolean columns. */
    public OptionalLong trueCount() {
        return state.type == ColumnType.BOOLEAN ? OptionalLong.of(state.trueCount) : OptionalLong.empty();
    }

    /** The earliest and latest instants; present for timestamp columns with a value. */
    public Optional<TimeRange> timeRange() {
        if (state.type != ColumnType.TIMESTAMP || state.present() == 0) {
            return Optional.empty();
        }
        return Optional.of(new TimeRange(Instant.ofEpochMilli(state.minMillis), Instant.ofEpochMilli(state.maxMillis)));
    }

    /**
     * The profile of this column's rows followed by {@code other}'s.
     *
     * @throws GyreException.InvalidArgument when the columns differ in name or type
     */
    public ColumnProfile merge(ColumnProfile other) {
        ColumnState merged = state.copy();
        merged.merge(other.state);
        return new ColumnProfile(merged);
    }

    @Override
    public String toString() {
        return "ColumnProfile[" + name() + " " + type().wireName() + ", " + count() + " rows, " + missing()
                + " missing, ~" + distinct() + " distinct]";
    }

    /**
     * Text lengths in Unicode code points.
     *
     * @param min  the shortest
     * @param max  the longest
     * @param mean the mean length
     */
    public record TextLengths(long min, long max, double mean) {
    }

    /**
     * The span of a timestamp column.
     *
     * @param min the earliest instant
     * @param max the latest instant
     */
    public record TimeRange(Instant min, Instant max) {
    }
}
