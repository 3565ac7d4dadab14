package dev.gyre.data.validate;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.ColumnType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One checkable statement about a dataset, as written in a suite under {@code expect:}. Column expectations
 * ({@code not_null}, {@code between}, {@code in_set}, {@code unique}, {@code regex}) are checked row by row and
 * pass when at least {@link #mostly()} of the rows they evaluate pass; {@code type} checks a column's type and
 * {@code row_count_between} the number of rows.
 *
 * <p>Constructors check their arguments and throw {@link GyreException.InvalidArgument} with a message that
 * names the field at fault.
 */
public sealed interface Expectation {

    /** The wire name written after {@code expect:}, such as {@code not_null}. */
    String kind();

    /** The column checked; {@code null} for a table-level expectation. */
    String column();

    /** The fraction of evaluated rows that must pass, from 0 to 1; 1 for expectations not about rows. */
    double mostly();

    /** The expectation as written in a suite: {@code expect} first, then the other fields in a fixed order. */
    Map<String, Object> parameters();

    /** A short human description, such as {@code Age between 0 and 100}. */
    String describe();

    /** The wire names of every kind, in documentation order. */
    List<String> KINDS = List.of("not_null", "between", "in_set", "unique", "regex", "type", "row_count_between");

    /** Every value present. Missing values are what it finds. */
    record NotNull(String column, double mostly) implements Expectation {
        public NotNull {
            checkColumn(column);
            checkMostly(mostly);
        }

        @Override
        public String kind() {
            return "not_null";
        }

        @Override
        public Map<String, Object> parameters() {
            return params(this, Map.of());
        }

        @Override
        public String describe() {
            return column + " is not null" + mostlyText(mostly);
        }
    }

    /**
     * Every present value within {@code [min, max]}, inclusive; a {@code null} bound is open. For numeric columns
     * the bounds are numbers; for timestamp columns timestamps (a number bound is read as epoch milliseconds).
     */
    record Between(String column, Bound min, Bound max, double mostly) implements Expectation {
        public Between {
            checkColumn(column);
            checkMostly(mostly);
            if (min == null && max == null) {
                throw new GyreException.InvalidArgument("between needs min, max or both.");
            }
            if (min != null && max != null && min.value() > max.value()) {
                throw new GyreException.InvalidArgument("between has min " + min + " above max " + max
                        + "; swap them.");
            }
        }

        @Override
        public String kind() {
            return "between";
        }

        @Override
        public Map<String, Object> parameters() {
            Map<String, Object> extra = new LinkedHashMap<>();
            if (min != null) {
                extra.put("min", min.wireValue());
            }
            if (max != null) {
                extra.put("max", max.wireValue());
            }
            return params(this, extra);
        }

        @Override
        public String describe() {
            String range = min == null ? "at most " + max : max == null ? "at least " + min
                    : "between " + min + " and " + max;
            return column + " " + range + mostlyText(mostly);
        }
    }

    /** Every present value, in its string form, one of {@code values}. */
    record InSet(String column, List<String> values, double mostly) implements Expectation {
        public InSet {
            checkColumn(column);
            checkMostly(mostly);
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new GyreException.InvalidArgument("in_set needs a non-empty list of values.");
            }
        }

        @Override
        public String kind() {
            return "in_set";
        }

        @Override
        public Map<String, Object> parameters() {
            return params(this, Map.of("values", values));
        }

        @Override
        public String describe() {
            return column + " in " + values + mostlyText(mostly);
        }
    }

    /** No present value appears twice; every row holding a repeated value is unexpected. */
    record Unique(String column, double mostly) implements Expectation {
        public Unique {
            checkColumn(column);
            checkMostly(mostly);
        }

        @Override
        public String kind() {
            return "unique";
        }

        @Override
        public Map<String, Object> parameters() {
            return params(this, Map.of());
        }

        @Override
        public String describe() {
            return column + " is unique" + mostlyText(mostly);
        }
    }

    /** Every present value's string form fully matches a Java regular expression. */
    record Regex(String column, String regex, double mostly) implements Expectation {
        public Regex {
            checkColumn(column);
            checkMostly(mostly);
            Objects.requireNonNull(regex, "regex");
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new GyreException.InvalidArgument("regex is not a valid Java regular expression: "
                        + e.getDescription() + " near index " + e.getIndex() + ".");
            }
        }

        /** The compiled expression. */
        public Pattern pattern() {
            return Pattern.compile(regex);
        }

        @Override
        public String kind() {
            return "regex";
        }

        @Override
        public Map<String, Object> parameters() {
            return params(this, Map.of("regex", regex));
        }

        @Override
        public String describe() {
            return column + " matches /" + regex + "/" + mostlyText(mostly);
        }
    }

    /** The column has the given type. */
    record TypeIs(String column, ColumnType type) implements Expectation {
        public TypeIs {
            checkColumn(column);
            Objects.requireNonNull(type, "type");
        }

        @Override
        public String kind() {
            return "type";
        }

        @Override
        public double mostly() {
            return 1.0;
        }

        @Override
        public Map<String, Object> parameters() {
            return params(this, Map.of("type", type.wireName()));
        }

        @Override
        public String describe() {
            return column + " is " + type.wireName();
        }
    }

    /** The number of rows is within {@code [min, max]}, inclusive; a {@code null} bound is open. */
    record RowCountBetween(Long min, Long max) implements Expectation {
        public RowCountBetween {
            if (min == null && max == null) {
                throw new GyreException.InvalidArgument("row_count_between needs min, max or both.");
            }
            if ((min != null && min < 0) || (max != null && max < 0)) {
                throw new GyreException.InvalidArgument("row_count_between bounds must not be negative.");
            }
            if (min != null && max != null && min > max) {
                throw new GyreException.InvalidArgument("row_count_between has min " + min + " above max " + max
                        + "; swap them.");
            }
        }

        @Override
        public String kind() {
            return "row_count_between";
        }

        @Override
        public String column() {
            return null;
        }

        @Override
        public double mostly() {
            return 1.0;
        }

        @Override
        public Map<String, Object> parameters() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("expect", kind());
            if (min != null) {
                out.put("min", min);
            }
            if (max != null) {
                out.put("max", max);
            }
            return out;
        }

        @Override
        public String describe() {
            String range = min == null ? "at most " + max : max == null ? "at least " + min
                    : "between " + min + " and " + max;
            return "row count " + range;
        }
    }

    /**
     * A bound of {@link Between}: a number, or an instant held as epoch milliseconds.
     *
     * @param value     the number, or the instant's epoch milliseconds
     * @param timestamp whether the bound was given as a timestamp
     */
    record Bound(double value, boolean timestamp) {
        public Bound {
            if (!Double.isFinite(value)) {
                throw new GyreException.InvalidArgument("A between bound must be a finite number, not " + value + ".");
            }
        }

        public static Bound of(double value) {
            return new Bound(value, false);
        }

        public static Bound of(Instant instant) {
            return new Bound(instant.toEpochMilli(), true);
        }

        /**
         * The form written to YAML and JSON: an ISO-8601 string for timestamps, a {@link Long} for whole numbers,
         * else the shortest {@link BigDecimal} that reads back as the same double.
         */
        public Object wireValue() {
            if (timestamp) {
                return Instant.ofEpochMilli((long) value).toString();
            }
            if (value == Math.rint(value) && Math.abs(value) < 1e15) {
                return (long) value;
            }
            return new BigDecimal(Double.toString(value)).stripTrailingZeros();
        }

        @Override
        public String toString() {
            return timestamp ? Instant.ofEpochMilli((long) value).toString() : ValueText.number(value);
        }
    }

    private static void checkColumn(String column) {
        if (column == null || column.isBlank()) {
            throw new GyreException.InvalidArgument("column is required: name the column to check.");
        }
    }

    private static void checkMostly(double mostly) {
        if (!(mostly >= 0.0 && mostly <= 1.0)) {
            throw new GyreException.InvalidArgument("mostly is " + mostly + "; use a fraction from 0 to 1.");
        }
    }

    private static String mostlyText(double mostly) {
        return mostly < 1.0 ? " (mostly " + ValueText.number(mostly) + ")" : "";
    }

    private static Map<String, Object> params(Expectation e, Map<String, Object> extra) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("expect", e.kind());
        out.put("column", e.column());
        out.putAll(extra);
        if (e.mostly() < 1.0) {
            out.put("mostly", e.mostly());
        }
        return out;
    }
}
