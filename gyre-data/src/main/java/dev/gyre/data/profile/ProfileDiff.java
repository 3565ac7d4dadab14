package dev.gyre.data.profile;

import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.Field;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What changed from one profile to another: the row count, the schema (added and removed columns, type
 * changes) and, for every column in both, its statistics.
 *
 * <p>Every column in both profiles gets its missing rate and distinct count compared; when its type is the
 * same on both sides also: for numeric columns min, max, mean, std and the quantiles p1 to p99; for text the
 * mean length; for booleans the true rate; for timestamps min and max (epoch milliseconds); and for
 * categorical, text and boolean columns the share of present rows of each value among the top
 * {@value #TOP_VALUES} values of either side. Statistics that are sketch estimates differ a little between
 * profiles of the same data built in different chunkings; a diff reports values, it does not judge drift.
 *
 * <p>Immutable. {@link #toJson()} and {@link #toText()} render it.
 */
public final class ProfileDiff {
    /** How many top values of each side are compared. */
    public static final int TOP_VALUES = 10;

    private final long rowCountBefore;
    private final long rowCountAfter;
    private final List<Field> addedColumns;
    private final List<Field> removedColumns;
    private final List<TypeChange> typeChanges;
    private final List<ColumnDiff> columns;

    private ProfileDiff(long rowCountBefore, long rowCountAfter, List<Field> addedColumns, List<Field> removedColumns,
            List<TypeChange> typeChanges, List<ColumnDiff> columns) {
        this.rowCountBefore = rowCountBefore;
        this.rowCountAfter = rowCountAfter;
        this.addedColumns = List.copyOf(addedColumns);
        this.removedColumns = List.copyOf(removedColumns);
        this.typeChanges = List.copyOf(typeChanges);
        this.columns = List.copyOf(columns);
    }

    /** Compares {@code before} with {@code after}. Columns are matched by name. */
    public static ProfileDiff between(DatasetProfile before, DatasetProfile after) {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        List<Field> added = new ArrayList<>();
        List<Field> removed = new ArrayList<>();
        List<TypeChange> typeChanges = new ArrayList<>();
        List<ColumnDiff> columns = new ArrayList<>();
        for (ColumnProfile old : before.columns()) {
            Optional<ColumnProfile> match = after.column(old.name());
            if (match.isEmpty()) {
                removed.add(old.field());
                continue;
            }
            ColumnProfile now = match.get();
            if (old.type() != now.type()) {
                typeChanges.add(new TypeChange(old.name(), old.type(), now.type()));
            }
            columns.add(compare(old, now));
        }
        for (ColumnProfile now : after.columns()) {
            if (before.column(now.name()).isEmpty()) {
                added.add(now.field());
            }
        }
        return new ProfileDiff(before.rowCount(), after.rowCount(), added, removed, typeChanges, columns);
    }

    private static ColumnDiff compare(ColumnProfile old, ColumnProfile now) {
        List<StatChange> stats = new ArrayList<>();
        stats.add(new StatChange("missing_rate", old.missingRate(), now.missingRate()));
        stats.add(new StatChange("distinct", old.distinct(), now.distinct()));
        List<ValueShareChange> shares = new ArrayList<>();
        if (old.type() == now.type()) {
            switch (old.type()) {
                case NUMERIC -> {
                    NumericSummary a = old.numeric().orElseThrow();
                    NumericSummary b = now.numeric().orElseThrow();
                    stats.add(new StatChange("min", a.min(), b.min()));
                    stats.add(new StatChange("max", a.max(), b.max()));
                    stats.add(new StatChange("mean", a.mean(), b.mean()));
                    stats.add(new StatChange("std", a.standardDeviation(), b.standardDeviation()));
                    Map<String, Double> qa = a.quantiles();
                    Map<String, Double> qb = b.quantiles();
                    qa.forEach((key, value) -> stats.add(new StatChange(key, value, qb.get(key))));
                }
                case TEXT -> stats.add(new StatChange("mean_length",
                        old.textLengths().map(ColumnProfile.TextLengths::mean).orElse(Double.NaN),
                        now.textLengths().map(ColumnProfile.TextLengths::mean).orElse(Double.NaN)));
                case BOOLEAN -> stats.add(new StatChange("true_rate", rate(old.trueCount().orElse(0), old.present()),
                        rate(now.trueCount().orElse(0), now.present())));
                case TIMESTAMP -> {
                    stats.add(new StatChange("min", old.timeRange().map(r -> (double) r.min().toEpochMilli())
                            .orElse(Double.NaN), now.timeRange().map(r -> (double) r.min().toEpochMilli()).orElse(Double.NaN)));
                    stats.add(new StatChange("max", old.timeRange().map(r -> (double) r.max().toEpochMilli())
                            .orElse(Double.NaN), now.timeRange().map(r -> (double) r.max().toEpochMilli()).orElse(Double.NaN)));
                }
                case CATEGORICAL -> {
                    // value shares below
                }
            }
            if (old.topValues().isPresent() && now.topValues().isPresent()) {
                shares = shares(old, old.topValues().get(), now, now.topValues().get());
            }
        }
        return new ColumnDiff(old.name(), old.type(), now.type(), stats, shares);
    }

    private static List<ValueShareChange> shares(ColumnProfile old, TopValues a, ColumnProfile now, TopValues b) {
        Set<String> values = new LinkedHashSet<>();
        a.top(TOP_VALUES).forEach(v -> values.add(v.value()));
        b.top(TOP_VALUES).forEach(v -> values.add(v.value()));
        List<ValueShareChange> out = new ArrayList<>();
        for (String value : values) {
            out.add(new ValueShareChange(value, rate(a.count(value), old.present()), rate(b.count(value), now.present())));
        }
        out.sort(Comparator.comparingDouble((ValueShareChange v) -> -Math.max(v.before(), v.after()))
                .thenComparing(ValueShareChange::value));
        return out;
    }

    private static double rate(long part, long whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
    }

    /** The row count of the first profile. */
    public long rowCountBefore() {
        return rowCountBefore;
    }

    /** The row count of the second profile. */
    public long rowCountAfter() {
        return rowCountAfter;
    }

    /** Columns only in the second profile, in its order. */
    public List<Field> addedColumns() {
        return addedColumns;
    }

    /** Columns only in the first profile, in its order. */
    public List<Field> removedColumns() {
        return removedColumns;
    }

    /** Columns in both profiles with different types. */
    public List<TypeChange> typeChanges() {
        return typeChanges;
    }

    /** The comparison of every column in both profiles, in the first profile's order. */
    public List<ColumnDiff> columns() {
        return columns;
    }

    /** The comparison of the named column, if it is in both profiles. */
    public Optional<ColumnDiff> column(String name) {
        return columns.stream().filter(c -> c.column().equals(name)).findFirst();
    }

    /** Whether columns were added or removed or changed type. */
    public boolean schemaChanged() {
        return !addedColumns.isEmpty() || !removedColumns.isEmpty() || !typeChanges.isEmpty();
    }

    /** The diff as pretty-printed JSON (NaN as null). */
    public String toJson() {
        return ProfileDiffRender.json(this);
    }

    /**
     * A compact text rendering for a terminal: the row count, the schema changes, then per column only the
     * statistics that changed and at most five changed value shares (the largest values first, the rest
     * counted); unchanged columns are listed on one line at the end.
     */
    public String toText() {
        return ProfileDiffRender.text(this);
    }

    /**
     * A column whose type changed.
     *
     * @param column the column's name
     * @param before its type in the first profile
     * @param after  its type in the second profile
     */
    public record TypeChange(String column, ColumnType before, ColumnType after) {
    }

    /**
     * One statistic on both sides; NaN where it is undefined.
     *
     * @param statistic its name: {@code missing_rate}, {@code distinct}, {@code min}, {@code max}, {@code mean},
     *                  {@code std}, {@code p1} … {@code p99}, {@code mean_length} or {@code true_rate}
     * @param before    the value in the first profile
     * @param after     the value in the second profile
     */
    public record StatChange(String statistic, double before, double after) {
        /** {@code after − before}. */
        public double delta() {
            return after - before;
        }

        /** {@code (after − before) / |before|}; NaN when before is 0 or undefined. */
        public double relativeChange() {
            return before == 0 ? Double.NaN : (after - before) / Math.abs(before);
        }

        /** Whether the two values differ (two NaNs are equal). */
        public boolean changed() {
            return Double.compare(before, after) != 0 && !(before == 0.0 && after == 0.0);
        }
    }

    /**
     * The share of a column's present rows that hold a value, on both sides (0 when the value is not counted).
     *
     * @param value  the value
     * @param before its share in the first profile
     * @param after  its share in the second profile
     */
    public record ValueShareChange(String value, double before, double after) {
        /** Whether the two shares differ. */
        public boolean changed() {
            return Double.compare(before, after) != 0;
        }
    }

    /**
     * The comparison of one column present in both profiles.
     *
     * @param column     its name
     * @param typeBefore its type in the first profile
     * @param typeAfter  its type in the second profile
     * @param statistics the statistics compared, in a fixed order
     * @param topValues  the value shares compared, largest first; empty unless both sides count values
     */
    public record ColumnDiff(String column, ColumnType typeBefore, ColumnType typeAfter, List<StatChange> statistics,
            List<ValueShareChange> topValues) {
        public ColumnDiff {
            statistics = List.copyOf(statistics);
            topValues = List.copyOf(topValues);
        }

        /** Whether the type, any statistic or any value share changed. */
        public boolean changed() {
            return typeBefore != typeAfter || statistics.stream().anyMatch(StatChange::changed)
                    || topValues.stream().anyMatch(ValueShareChange::changed);
        }

        /** The named statistic, if it was compared. */
        public Optional<StatChange> statistic(String name) {
            return statistics.stream().filter(s -> s.statistic().equals(name)).findFirst();
        }
    }
}
