package dev.gyre.data.clean;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.CategoricalColumn;
import dev.gyre.core.table.Column;
import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.Table;
import dev.gyre.core.table.TextColumn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Applies a {@link CleanSpec} to a table: each step to the table the previous step produced, never changing
 * the input (tables are immutable). Returns the cleaned table and a log of every step with the rows and
 * columns before and after it. A step that cannot run — a column that does not exist, a value that does not
 * convert, a failing query — stops the run with a {@link GyreException.InvalidArgument} that starts with
 * {@code Step N (kind): } and says how to fix it. Stateless and thread-safe.
 */
public final class Cleaner {

    /**
     * Runs every step of the spec.
     *
     * @throws GyreException.InvalidArgument naming the step that failed and why
     */
    public CleanResult clean(Table table, CleanSpec spec) {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(spec, "spec");
        List<StepLog> log = new ArrayList<>(spec.steps().size());
        Table current = table;
        for (int i = 0; i < spec.steps().size(); i++) {
            CleanStep step = spec.steps().get(i);
            List<String> notes = new ArrayList<>();
            Table next;
            try {
                next = apply(current, step, notes);
            } catch (GyreException.InvalidArgument e) {
                throw new GyreException.InvalidArgument("Step " + (i + 1) + " (" + step.kind() + "): "
                        + e.getMessage(), e);
            }
            log.add(new StepLog(i + 1, step.kind(), current.rowCount(), current.columnCount(), next.rowCount(),
                    next.columnCount(), notes));
            current = next;
        }
        return new CleanResult(current, log);
    }

    private static Table apply(Table table, CleanStep step, List<String> notes) {
        if (step instanceof CleanStep.DropColumns drop) {
            requireColumns(table, drop.columns());
            return table.drop(drop.columns());
        }
        if (step instanceof CleanStep.Rename rename) {
            return rename(table, rename.names());
        }
        if (step instanceof CleanStep.Cast cast) {
            return cast(table, cast, notes);
        }
        if (step instanceof CleanStep.Trim trim) {
            return trim(table, trim.columns());
        }
        if (step instanceof CleanStep.Filter filter) {
            return filter.condition().apply(table);
        }
        if (step instanceof CleanStep.DropDuplicates duplicates) {
            return dropDuplicates(table, duplicates.columns());
        }
        if (step instanceof CleanStep.FillValues fill) {
            return Fills.constants(table, fill.values(), notes);
        }
        if (step instanceof CleanStep.FillStrategy fill) {
            return Fills.computed(table, fill.strategy(), fill.columns(), notes);
        }
        return SqlRunner.run(table, ((CleanStep.Sql) step).query());
    }

    private static Table rename(Table table, Map<String, String> names) {
        requireColumns(table, List.copyOf(names.keySet()));
        List<Column> out = new ArrayList<>(table.columnCount());
        Set<String> taken = new HashSet<>();
        for (Column column : table.columns()) {
            String name = names.getOrDefault(column.name(), column.name());
            if (!taken.add(name)) {
                throw new GyreException.InvalidArgument("renaming would give two columns the name '" + name
                        + "'; choose a name no other column has, or rename that column too.");
            }
            out.add(name.equals(column.name()) ? column : column.rename(name));
        }
        return new Table(out);
    }

    private static Table cast(Table table, CleanStep.Cast cast, List<String> notes) {
        requireColumns(table, List.copyOf(cast.columns().keySet()));
        Table out = table;
        for (Map.Entry<String, ColumnType> entry : cast.columns().entrySet()) {
            Casts.Outcome outcome = Casts.cast(table.column(entry.getKey()), entry.getValue(),
                    cast.onError() == CleanStep.OnError.MISSING);
            if (outcome.failed() > 0) {
                notes.add(outcome.failed() + " value" + (outcome.failed() == 1 ? "" : "s") + " of '" + entry.getKey()
                        + "' did not convert to " + entry.getValue().wireName() + " and became missing");
            }
            out = out.with(outcome.column());
        }
        return out;
    }

    private static Table trim(Table table, List<String> names) {
        List<String> targets = names;
        if (targets.isEmpty()) {
            targets = table.columns().stream()
                    .filter(c -> c.type() == ColumnType.TEXT || c.type() == ColumnType.CATEGORICAL)
                    .map(Column::name).toList();
        }
        requireColumns(table, targets);
        Table out = table;
        for (String name : targets) {
            Column column = table.column(name);
            if (column.type() != ColumnType.TEXT && column.type() != ColumnType.CATEGORICAL) {
                throw new GyreException.InvalidArgument("column '" + name + "' is " + column.type().wireName()
                        + "; only text and categorical columns can be trimmed.");
            }
            String[] values = new String[column.size()];
            for (int row = 0; row < values.length; row++) {
                String value = (String) column.get(row);
                values[row] = value == null ? null : value.strip();
            }
            out = out.with(column.type() == ColumnType.TEXT ? new TextColumn(name, values)
                    : CategoricalColumn.of(name, values));
        }
        return out;
    }

    private static Table dropDuplicates(Table table, List<String> names) {
        requireColumns(table, names);
        List<Column> key = names.isEmpty() ? table.columns() : table.select(names).columns();
        Set<List<Object>> seen = new HashSet<>();
        int[] keep = new int[table.rowCount()];
        int kept = 0;
        for (int row = 0; row < table.rowCount(); row++) {
            Object[] values = new Object[key.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = key.get(i).get(row);
            }
            if (seen.add(Arrays.asList(values))) {
                keep[kept++] = row;
            }
        }
        return kept == table.rowCount() ? table : table.take(Arrays.copyOf(keep, kept));
    }

    /**
     * @throws GyreException.InvalidArgument naming the first absent column and the columns there are
     */
    static void requireColumns(Table table, List<String> names) {
        for (String name : names) {
            if (!table.hasColumn(name)) {
                throw new GyreException.InvalidArgument("there is no column '" + name + "'; the columns are "
                        + table.schema().names() + suggestion(table, name) + ".");
            }
        }
    }

    private static String suggestion(Table table, String name) {
        Map<String, String> lower = new HashMap<>();
        for (String existing : table.schema().names()) {
            lower.put(existing.toLowerCase(Locale.ROOT), existing);
        }
        String match = lower.get(name.toLowerCase(Locale.ROOT));
        return match == null ? "" : " (did you mean '" + match + "'? names are case-sensitive)";
    }
}
