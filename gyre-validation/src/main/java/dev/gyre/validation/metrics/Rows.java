package dev.gyre.validation.metrics;

/** Picks rows of an array by index (indices may repeat); returns new arrays and never modifies the input. */
public final class Rows {

    private Rows() {
    }

    public static int[] take(int[] values, int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return out;
    }

    public static double[] take(double[] values, int[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return out;
    }

    /** The selected rows of a matrix; the row arrays are shared, not copied. */
    public static double[][] take(double[][] values, int[] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return out;
    }

    public static String[] take(String[] values, int[] rows) {
        String[] out = new String[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return out;
    }
}
