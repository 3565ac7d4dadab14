package dev.gyre.features.internal;

/**
 * The scratch space of one row's evaluation: a value per slot (inputs, then derived columns) and the
 * register a column's steps work on. Not thread-safe: one per thread, reused from row to row.
 */
public final class Row {
    final double[] num;
    final String[] str;
    /** The register when it holds a number. */
    double x;
    /** The register when it holds a string. */
    String s;

    public Row(int slots) {
        this.num = new double[slots];
        this.str = new String[slots];
    }
}
