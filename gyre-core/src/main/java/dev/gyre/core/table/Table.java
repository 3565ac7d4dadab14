package dev.gyre.core.table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * An immutable table: equally long, uniquely named, typed columns. Cheap to slice, select and take rows
 * from; build one with {@link TableBuilder} or from columns.
 */
public final class Table {
    private final List<Column> columns;
    private final Schema schema;
    private final int rowCount;

    /**
     * @throws IllegalArgumentException when the columns differ in length or share a name
     */
    public Table(List<? extends Column> columns) {
        this.columns = List.copyOf(columns);
        List<Field> fields = new ArrayList<>(this.columns.size());
        int rows = this.columns.isEmpty() ? 0 : this.columns.get(0).size();
        for (Column column : this.columns) {
            if (column.size() != rows) {
                throw new IllegalArgumentException("Column '" + column.name() + "' has " + column.size()
                        + " rows where '" + this.columns.get(0).name() + "' has " + rows
                        + ": all columns of a table have the same length.");
            }
            fields.add(column.field());
        }
        this.schema = new Schema(fields);
        this.rowCount = rows;
    }

    public static Table of(Column... columns) {
        return new Table(List.of(columns));
    }

    public Schema schema() {
        return schema;
    }

    public int rowCount() {
        return rowCount;
    }

    public int columnCount() {
        return columns.size();
    }

    public List<Column> columns() {
        return columns;
    }

    public Column column(int index) {
        return columns.get(index);
    }

    /**
     * @throws NoSuchElementException naming the columns there are
     */
    public Column column(String name) {
        int index = schema.indexOf(name);
        if (index < 0) {
            throw new NoSuchElementException("No column '" + name + "'; the columns are " + schema.names() + ".");
        }
        return columns.get(index);
    }

    public boolean hasColumn(String name) {
        return schema.indexOf(name) >= 0;
    }

    /** The named columns, in the order given. */
    public Table select(List<String> names) {
        List<Column> out = new ArrayList<>(names.size());
        for (String name : names) {
            out.add(column(name));
        }
        return new Table(out);
    }

    /** Every column except the named ones (names that are absent are ignored). */
    public Table drop(List<String> names) {
        List<Column> out = new ArrayList<>();
        for (Column column : columns) {
            if (!names.contains(column.name())) {
                out.add(column);
            }
        }
        return new Table(out);
    }

    /** This table with {@code column} added at the end, or replacing the column of the same name in place. */
    public Table with(Column column) {
        Objects.requireNonNull(column, "column");
        List<Column> out = new ArrayList<>(columns);
        int index = schema.indexOf(column.name());
        if (index >= 0) {
            out.set(index, column);
        } else {
            out.add(column);
        }
        return new Table(out);
    }

    /** The rows at the given indexes, in that order. */
    public Table take(int[] rows) {
        List<Column> out = new ArrayList<>(columns.size());
        for (Column column : columns) {
            out.add(column.take(rows));
        }
        return new Table(out);
    }

    /** The rows {@code from} (inclusive) to {@code to} (exclusive). */
    public Table slice(int from, int to) {
        List<Column> out = new ArrayList<>(columns.size());
        for (Column column : columns) {
            out.add(column.slice(from, to));
        }
        return new Table(out);
    }

    /** One row as column name → boxed value ({@code null} when missing), in column order. */
    public Map<String, Object> row(int row) {
        Objects.checkIndex(row, rowCount);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Column column : columns) {
            out.put(column.name(), column.get(row));
        }
        return out;
    }

    @Override
    public String toString() {
        return "Table[" + rowCount + " rows × " + columns.size() + " columns " + schema.names() + "]";
    }
}
