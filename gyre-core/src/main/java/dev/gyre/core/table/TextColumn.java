package dev.gyre.core.table;

import java.util.Arrays;
import java.util.Objects;

/** Free text; {@code null} marks a missing row (the empty string is a value). */
public final class TextColumn implements Column {
    private final String name;
    private final String[] values;
    private final int missingCount;

    public TextColumn(String name, String[] values) {
        this.name = Objects.requireNonNull(name, "name");
        this.values = values.clone();
        int missing = 0;
        for (String value : this.values) {
            if (value == null) {
                missing++;
            }
        }
        this.missingCount = missing;
    }

    public static TextColumn of(String name, String... values) {
        return new TextColumn(name, values);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ColumnType type() {
        return ColumnType.TEXT;
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public boolean isMissing(int row) {
        return values[row] == null;
    }

    @Override
    public int missingCount() {
        return missingCount;
    }

    @Override
    public String get(int row) {
        return values[row];
    }

    @Override
    public TextColumn rename(String newName) {
        return new TextColumn(newName, values);
    }

    @Override
    public TextColumn take(int[] rows) {
        String[] out = new String[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return new TextColumn(name, out);
    }

    @Override
    public TextColumn slice(int from, int to) {
        Missing.checkRange(from, to, values.length);
        return new TextColumn(name, Arrays.copyOfRange(values, from, to));
    }
}
