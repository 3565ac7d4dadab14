package dev.gyre.core.table;

import java.util.BitSet;

/** Helpers for the missing-value bit sets shared by the primitive columns. */
final class Missing {
    private Missing() {
    }

    static BitSet take(BitSet missing, int[] rows) {
        BitSet out = new BitSet(rows.length);
        for (int i = 0; i < rows.length; i++) {
            if (missing.get(rows[i])) {
                out.set(i);
            }
        }
        return out;
    }

    static BitSet slice(BitSet missing, int from, int to) {
        return missing.get(from, to);
    }

    static void checkRange(int from, int to, int size) {
        if (from < 0 || to > size || from > to) {
            throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of " + size + " rows");
        }
    }
}
