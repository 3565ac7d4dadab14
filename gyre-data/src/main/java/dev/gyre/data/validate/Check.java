package dev.gyre.data.validate;

import dev.gyre.core.table.CategoricalColumn;
import dev.gyre.core.table.Column;
import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.Field;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Schema;
import dev.gyre.core.table.Table;
import dev.gyre.core.table.TimestampColumn;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The running state of one expectation over a stream of chunks: {@link #start} with the schema, {@link #accept}
 * every chunk in order, then take the {@link #result}. Mutable; not thread-safe.
 */
abstract class Check {
    final Expectation expectation;
    /** Why the expectation cannot pass regardless of the values (an absent column, a wrong type); or null. */
    String reason;

    Check(Expectation expectation) {
        this.expectation = expectation;
    }

    static Check of(Expectation expectation, int maxExamples) {
        if (expectation instanceof Expectation.RowCountBetween || expectation instanceof Expectation.TypeIs) {
            return new TableCheck(expectation);
        }
        return new ValueCheck(expectation, maxExamples);
    }

    /** Resolves the column against the data's schema; an absent column fails the expectation with a reason. */
    void start(Schema schema) {
        String column = expectation.column();
        if (column != null && schema.indexOf(column) < 0) {
            reason = "column '" + column + "' is not in the data; its columns are " + schema.names();
        }
    }

    abstract void accept(Table chunk, long firstRow);

    abstract ExpectationResult result(long rowCount);

    /** type and row_count_between: decided by the schema and the number of rows. */
    private static final class TableCheck extends Check {
        private ColumnType observedType;

        TableCheck(Expectation expectation) {
            super(expectation);
        }

        @Override
        void start(Schema schema) {
            super.start(schema);
            if (reason == null && expectation instanceof Expectation.TypeIs) {
                observedType = schema.field(expectation.column()).map(Field::type).orElseThrow();
            }
        }

        @Override
        void accept(Table chunk, long firstRow) {
            // the schema and the row count say all
        }

        @Override
        ExpectationResult result(long rowCount) {
            if (expectation instanceof Expectation.RowCountBetween rows) {
                boolean ok = (rows.min() == null || rowCount >= rows.min()) && (rows.max() == null || rowCount <= rows.max());
                String reason = ok ? null : rows.min() != null && rowCount < rows.min()
                        ? rowCount + " rows, fewer than the minimum " + rows.min()
                        : rowCount + " rows, more than the maximum " + rows.max();
                return new ExpectationResult(expectation, ok, rowCount, 0, 0, 0.0, rowCount, List.of(), reason);
            }
            Expectation.TypeIs type = (Expectation.TypeIs) expectation;
            if (reason != null) {
                return new ExpectationResult(expectation, false, rowCount, 0, 0, 0.0, null, List.of(), reason);
            }
            boolean ok = observedType == type.type();
            return new ExpectationResult(expectation, ok, rowCount, 0, 0, 0.0, observedType.wireName(), List.of(),
                    ok ? null : "column '" + type.column() + "' is " + observedType.wireName() + ", not "
                            + type.type().wireName());
        }
    }

    /** The row-by-row expectations: not_null, between, in_set, unique, regex. */
    private static final class ValueCheck extends Check {
        private final int maxExamples;
        private final boolean countsMissing;
        private final boolean between;
        private final Set<String> allowed;
        private final Pattern pattern;
        private final Map<String, Long> firstRows;
        private double low = Double.NEGATIVE_INFINITY;
        private double high = Double.POSITIVE_INFINITY;
        private long elements;
        private long missing;
        private long unexpected;
        private final List<UnexpectedValue> examples = new ArrayList<>();

        ValueCheck(Expectation expectation, int maxExamples) {
            super(expectation);
            this.maxExamples = maxExamples;
            this.countsMissing = expectation instanceof Expectation.NotNull;
            this.between = expectation instanceof Expectation.Between;
            this.allowed = expectation instanceof Expectation.InSet inSet ? new HashSet<>(inSet.values()) : null;
            this.pattern = expectation instanceof Expectation.Regex regex ? regex.pattern() : null;
            this.firstRows = expectation instanceof Expectation.Unique ? new HashMap<>() : null;
            if (expectation instanceof Expectation.Between range) {
                low = range.min() == null ? Double.NEGATIVE_INFINITY : range.min().value();
                high = range.max() == null ? Double.POSITIVE_INFINITY : range.max().value();
            }
        }

        @Override
        void start(Schema schema) {
            super.start(schema);
            if (reason != null || !(expectation instanceof Expectation.Between range)) {
                return;
            }
            ColumnType type = schema.field(range.column()).orElseThrow().type();
            boolean timeBounds = (range.min() != null && range.min().timestamp())
                    || (range.max() != null && range.max().timestamp());
            if (type == ColumnType.NUMERIC && timeBounds) {
                reason = "column '" + range.column() + "' is numeric but the bounds are timestamps";
            } else if (type != ColumnType.NUMERIC && type != ColumnType.TIMESTAMP) {
                reason = "between applies to numeric and timestamp columns; column '" + range.column() + "' is "
                        + type.wireName();
            }
        }

        @Override
        void accept(Table chunk, long firstRow) {
            if (reason != null) {
                return;
            }
            Column column = chunk.column(expectation.column());
            int size = column.size();
            boolean[] codeOk = codeVerdicts(column);
            elements += size;
            for (int i = 0; i < size; i++) {
                if (ValueText.isMissing(column, i)) {
                    missing++;
                    if (countsMissing) {
                        flag(firstRow + i, null);
                    }
                    continue;
                }
                if (countsMissing) {
                    continue;
                }
                boolean ok;
                if (codeOk != null) {
                    ok = codeOk[((CategoricalColumn) column).code(i)];
                } else if (firstRows != null) {
                    ok = unique(ValueText.of(column, i), firstRow + i);
                } else if (between) {
                    double value = column instanceof TimestampColumn timestamp ? timestamp.getEpochMillis(i)
                            : ((NumericColumn) column).getDouble(i);
                    ok = value >= low && value <= high;
                } else {
                    ok = matches(ValueText.of(column, i));
                }
                if (!ok) {
                    flag(firstRow + i, ValueText.of(column, i));
                }
            }
        }

        /** For in_set and regex on a categorical column: the verdict per dictionary code, computed once a chunk. */
        private boolean[] codeVerdicts(Column column) {
            if (!(column instanceof CategoricalColumn categorical) || (allowed == null && pattern == null)) {
                return null;
            }
            List<String> dictionary = categorical.dictionary();
            boolean[] out = new boolean[dictionary.size()];
            for (int code = 0; code < out.length; code++) {
                out[code] = matches(dictionary.get(code));
            }
            return out;
        }

        private boolean matches(String text) {
            if (allowed != null) {
                return allowed.contains(text);
            }
            return pattern.matcher(text).matches();
        }

        /**
         * Remembers the first row of each value; a value seen again makes that row unexpected, and the first
         * occurrence too when it is the first repeat. Memory grows with the number of distinct values.
         */
        private boolean unique(String value, long row) {
            Long first = firstRows.putIfAbsent(value, row);
            if (first == null) {
                return true;
            }
            if (first >= 0) {
                firstRows.put(value, -1L);
                flag(first, value);
            }
            return false;
        }

        private void flag(long row, String value) {
            unexpected++;
            if (examples.size() < maxExamples) {
                examples.add(new UnexpectedValue(row, value));
            }
        }

        @Override
        ExpectationResult result(long rowCount) {
            if (reason != null) {
                return new ExpectationResult(expectation, false, elements, missing, 0, 0.0, null, List.of(), reason);
            }
            long evaluated = countsMissing ? elements : elements - missing;
            double percent = evaluated == 0 ? 0.0 : 100.0 * unexpected / evaluated;
            long passed = evaluated - unexpected;
            boolean ok = evaluated == 0 || passed + 1e-9 * evaluated >= expectation.mostly() * evaluated;
            List<UnexpectedValue> sorted = new ArrayList<>(examples);
            sorted.sort(Comparator.comparingLong(UnexpectedValue::row));
            return new ExpectationResult(expectation, ok, elements, missing, unexpected, percent, null, sorted, null);
        }
    }
}
