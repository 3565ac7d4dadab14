package dev.gyre.features.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The categories an encoder learned, looked up without allocating: strings through a hash map, numbers
 * by binary search over sorted keys. Kept categories have positions 0 to k-1 in output order; rare ones
 * (folded into an other bucket) all have position k.
 */
final class CategoryIndex {
    static final int UNSEEN = -1;
    static final int MISSING = -2;

    final boolean numeric;
    final List<String> names;
    private final List<Object> kept;
    private final List<Object> rare;
    private final Map<String, Integer> byText;
    private final double[] keys;
    private final int[] positions;

    /**
     * @param kept the kept categories in output order: {@link Double}s when {@code numeric}, else strings
     * @param rare the categories folded into the other bucket
     */
    CategoryIndex(boolean numeric, List<?> kept, List<?> rare) {
        this.numeric = numeric;
        this.kept = List.copyOf(kept);
        this.rare = List.copyOf(rare);
        List<String> names = new ArrayList<>(kept.size());
        for (Object value : kept) {
            names.add(numeric ? Values.name((Double) value) : (String) value);
        }
        this.names = Collections.unmodifiableList(names);
        if (numeric) {
            int n = kept.size() + rare.size();
            double[][] pairs = new double[n][];
            for (int i = 0; i < n; i++) {
                Object value = i < kept.size() ? kept.get(i) : rare.get(i - kept.size());
                pairs[i] = new double[] {Values.key((Double) value), Math.min(i, kept.size())};
            }
            Arrays.sort(pairs, (a, b) -> Double.compare(a[0], b[0]));
            keys = new double[n];
            positions = new int[n];
            for (int i = 0; i < n; i++) {
                keys[i] = pairs[i][0];
                positions[i] = (int) pairs[i][1];
                if (i > 0 && keys[i] == keys[i - 1]) {
                    throw new IllegalArgumentException("duplicate category " + keys[i]);
                }
            }
            byText = Map.of();
        } else {
            keys = new double[0];
            positions = new int[0];
            byText = new HashMap<>();
            for (int i = 0; i < kept.size(); i++) {
                byText.put((String) kept.get(i), i);
            }
            for (Object value : rare) {
                byText.put((String) value, kept.size());
            }
            if (byText.size() != kept.size() + rare.size()) {
                throw new IllegalArgumentException("duplicate categories");
            }
        }
    }

    /** The kept categories as given (Doubles or Strings). */
    List<Object> kept() {
        return kept;
    }

    /** The rare categories as given. */
    List<Object> rare() {
        return rare;
    }

    int size() {
        return kept.size();
    }

    /** The register's position: 0..k-1 kept, k rare, {@link #UNSEEN} or {@link #MISSING}. */
    int lookup(Row r) {
        if (numeric) {
            double x = r.x;
            if (Double.isNaN(x)) {
                return MISSING;
            }
            int i = Arrays.binarySearch(keys, x + 0.0);
            return i >= 0 ? positions[i] : UNSEEN;
        }
        String s = r.s;
        if (s == null) {
            return MISSING;
        }
        Integer position = byText.get(s);
        return position == null ? UNSEEN : position;
    }

    /** The register's value as text, for messages. */
    String describe(Row r) {
        return numeric ? Values.name(r.x) : r.s;
    }

    /** The known values for a message, at most 20 of them. */
    String knownForMessage() {
        List<String> shown = names.size() > 20 ? names.subList(0, 20) : names;
        return shown + (names.size() > 20 ? " and " + (names.size() - 20) + " more" : "");
    }
}
