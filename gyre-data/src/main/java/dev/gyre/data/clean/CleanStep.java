package dev.gyre.data.clean;

import dev.gyre.core.table.ColumnType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One declarative cleaning step. {@link Cleaner} applies steps in order, each to the table the previous one
 * produced. The YAML form of each step is shown with it; {@link CleanSpecParser} reads it.
 */
public sealed interface CleanStep {

    /** The step's name in YAML ({@code drop_columns}, {@code cast}, ...). */
    String kind();

    /**
     * Removes columns. {@code - drop_columns: [ticket, cabin]}. Naming a column that does not exist is an
     * error (it is usually a typo).
     */
    record DropColumns(List<String> columns) implements CleanStep {
        public DropColumns {
            columns = List.copyOf(columns);
        }

        @Override
        public String kind() {
            return "drop_columns";
        }
    }

    /**
     * Renames columns, all at once (so {@code {a: b, b: a}} swaps two columns).
     * {@code - rename: {Survived: survived}}. The old names must exist and the new names must not clash.
     */
    record Rename(Map<String, String> names) implements CleanStep {
        public Rename {
            names = Collections.unmodifiableMap(new LinkedHashMap<>(names));
        }

        @Override
        public String kind() {
            return "rename";
        }
    }

    /**
     * Converts columns to other types: {@code - cast: {columns: {age: numeric}, on_error: missing}}. The
     * conversion rules are those of the package comment. With {@code on_error: error} (the default) a value
     * that does not convert fails the step, naming the column, row and value; with {@code on_error: missing}
     * such values become missing and the step's log says how many did.
     */
    record Cast(Map<String, ColumnType> columns, OnError onError) implements CleanStep {
        public Cast {
            columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
            Objects.requireNonNull(onError, "onError");
        }

        @Override
        public String kind() {
            return "cast";
        }
    }

    /** What a cast does with a value that does not convert. */
    enum OnError {
        /** Fail the step. */
        ERROR,
        /** Make the value missing. */
        MISSING
    }

    /**
     * Removes leading and trailing white space (Unicode, as {@link String#strip()}) from text and categorical
     * values: {@code - trim: all} or {@code - trim: [name, city]}. An empty list means every text and
     * categorical column. A value that becomes empty stays an empty string (use a filter or sql step to treat
     * it as missing).
     */
    record Trim(List<String> columns) implements CleanStep {
        public Trim {
            columns = List.copyOf(columns);
        }

        @Override
        public String kind() {
            return "trim";
        }
    }

    /** Keeps the rows for which a {@link RowFilter} is true: {@code - filter: "age >= 18 and fare is not null"}. */
    record Filter(RowFilter condition) implements CleanStep {
        public Filter {
            Objects.requireNonNull(condition, "condition");
        }

        @Override
        public String kind() {
            return "filter";
        }
    }

    /**
     * Removes rows equal to an earlier row, keeping the first: {@code - drop_duplicates: all} or
     * {@code - drop_duplicates: [passenger_id]} to compare only those columns. An empty list means all
     * columns. Missing values compare equal to each other.
     */
    record DropDuplicates(List<String> columns) implements CleanStep {
        public DropDuplicates {
            columns = List.copyOf(columns);
        }

        @Override
        public String kind() {
            return "drop_duplicates";
        }
    }

    /**
     * Fills missing values with constants: {@code - fill_missing: {values: {embarked: S, fare: 0}}}. A
     * constant must suit the column: a number for numeric, any scalar for text and categorical (written as
     * text), true/false for boolean, an ISO-8601 string for timestamp.
     *
     * @param values column → a {@link Double}, {@link String} or {@link Boolean}
     */
    record FillValues(Map<String, Object> values) implements CleanStep {
        public FillValues {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        @Override
        public String kind() {
            return "fill_missing";
        }
    }

    /**
     * Fills missing values with a statistic of the column's present values:
     * {@code - fill_missing: {strategy: median, columns: [age]}}. {@code mean} and {@code median} (the mean
     * of the two middle values for an even count) apply to numeric columns; {@code most_frequent} to any
     * column, ties going to the value seen first. Without {@code columns}: every numeric column with missing
     * values (mean, median) or every column with missing values (most_frequent). A column with no present
     * value stays as it is, and the log says so.
     */
    record FillStrategy(Strategy strategy, List<String> columns) implements CleanStep {
        public FillStrategy {
            Objects.requireNonNull(strategy, "strategy");
            columns = List.copyOf(columns);
        }

        @Override
        public String kind() {
            return "fill_missing";
        }
    }

    /** How {@link FillStrategy} computes the fill value. */
    enum Strategy {
        MEAN, MEDIAN, MOST_FREQUENT
    }

    /**
     * Replaces the table with the result of one SQL query over it, run by DuckDB:
     * {@code - sql: "SELECT *, fare / nullif(family, 0) AS fare_each FROM data"}. The table is named
     * {@code data}; the query runs on a connection that can read no file, URL or other database. How types
     * map back is described in the package comment.
     */
    record Sql(String query) implements CleanStep {
        public Sql {
            Objects.requireNonNull(query, "query");
        }

        @Override
        public String kind() {
            return "sql";
        }
    }
}
