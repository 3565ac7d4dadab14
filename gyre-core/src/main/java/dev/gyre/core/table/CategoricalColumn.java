package dev.gyre.core.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Strings from a small set, stored as codes into a dictionary (in first-seen order unless built
 * otherwise). Code {@value #MISSING} marks a missing row.
 */
public final class CategoricalColumn implements Column {
    /** The code of a missing row. */
    public static final int MISSING = -1;

    private final String name;
    private final List<String> dictionary;
    private final int[] codes;
    private final int missingCount;

    /**
     * @param dictionary distinct, non-null values
     * @param codes      per row, an index into the dictionary or {@link #MISSING}
     */
    public CategoricalColumn(String name, List<String> dictionary, int[] codes) {
        this.name = Objects.requireNonNull(name, "name");
        this.dictionary = List.copyOf(dictionary);
        if (new java.util.HashSet<>(this.dictionary).size() != this.dictionary.size()) {
            throw new IllegalArgumentException("dictionary of column '" + name + "' has duplicates");
        }
        this.codes = codes.clone();
        int missing = 0;
        for (int code : this.codes) {
            if (code == MISSING) {
                missing++;
            } else if (code < 0 || code >= this.dictionary.size()) {
                throw new IllegalArgumentException("code " + code + " outside the dictionary of column '" + name + "'");
            }
        }
        this.missingCount = missing;
    }

    /** Builds the dictionary in first-seen order; {@code null} values are missing. */
    public static CategoricalColumn of(String name, String... values) {
        Map<String, Integer> index = new HashMap<>();
        List<String> dictionary = new ArrayList<>();
        int[] codes = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                codes[i] = MISSING;
            } else {
                codes[i] = index.computeIfAbsent(values[i], v -> {
                    dictionary.add(v);
                    return dictionary.size() - 1;
                });
            }
        }
        return new CategoricalColumn(name, dictionary, codes);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ColumnType type() {
        return ColumnType.CATEGORICAL;
    }

    @Override
    public int size() {
        return codes.length;
    }

    @Override
    public boolean isMissing(int row) {
        return codes[row] == MISSING;
    }

    @Override
    public int missingCount() {
        return missingCount;
    }

    /** The dictionary index of the row's value, or {@link #MISSING}. */
    public int code(int row) {
        return codes[row];
    }

    /** The distinct values; codes index this list. */
    public List<String> dictionary() {
        return dictionary;
    }

    @Override
    public String get(int row) {
        int code = codes[row];
        return code == MISSING ? null : dictionary.get(code);
    }

    @Override
    public CategoricalColumn rename(String newName) {
        return new CategoricalColumn(newName, dictionary, codes);
    }

    /** Keeps the whole dictionary, so codes stay comparable with this column's. */
    @Override
    public CategoricalColumn take(int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = codes[rows[i]];
        }
        return new CategoricalColumn(name, dictionary, out);
    }

    @Override
    public CategoricalColumn slice(int from, int to) {
        Missing.checkRange(from, to, codes.length);
        return new CategoricalColumn(name, dictionary, Arrays.copyOfRange(codes, from, to));
    }
}
