package dev.gyre.features;

import dev.gyre.core.table.BooleanColumn;
import dev.gyre.core.table.CategoricalColumn;
import dev.gyre.core.table.Column;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Table;
import dev.gyre.core.table.TextColumn;
import dev.gyre.core.table.TimestampColumn;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random tables of one shape: numbers with missing values (and the odd NaN or infinity stored as a value),
 * a boolean, categories, free text and timestamps. Row 0 of a training table has every value, so each
 * statistic has something to learn from; a table for transforming has categories training never saw.
 */
final class RandomTables {
    static final String[] KNOWN = {"a", "b", "c", "d", "e", "f"};
    static final String[] UNSEEN = {"x", "y", "zz"};
    private static final String[] WORDS = {"PC", "STON/O2.", "A/5", "C.A.", "SOTON", "W./C.", "113803", "ü-ticket",
            "😀 emoji"};

    private RandomTables() {
    }

    static Table table(SplittableRandom random, int rows, boolean training) {
        List<Column> columns = new ArrayList<>();
        columns.add(numbers("n1", random, rows, training, 10));
        columns.add(numbers("n2", random, rows, training, 1000));
        columns.add(numbers("small", random, rows, training, 0));
        BitSet values = new BitSet();
        BitSet missing = new BitSet();
        for (int i = 0; i < rows; i++) {
            values.set(i, random.nextBoolean());
            missing.set(i, !(training && i == 0) && random.nextInt(6) == 0);
        }
        columns.add(new BooleanColumn("flag", rows, values, missing));
        String[] cats = new String[rows];
        String[] text = new String[rows];
        long[] millis = new long[rows];
        BitSet noTime = new BitSet();
        for (int i = 0; i < rows; i++) {
            boolean full = training && i == 0;
            cats[i] = !full && random.nextInt(7) == 0 ? null : !training && random.nextInt(4) == 0
                    ? UNSEEN[random.nextInt(UNSEEN.length)] : KNOWN[(int) Math.min(KNOWN.length - 1,
                    Math.abs(random.nextGaussian()) * 2)];
            text[i] = !full && random.nextInt(8) == 0 ? null
                    : WORDS[random.nextInt(WORDS.length)] + " " + random.nextInt(100_000);
            millis[i] = random.nextLong(-2_000_000_000_000L, 4_000_000_000_000L);
            noTime.set(i, !full && random.nextInt(9) == 0);
        }
        columns.add(CategoricalColumn.of("cat", cats));
        columns.add(TextColumn.of("text", text));
        columns.add(new TimestampColumn("at", millis, noTime));
        return new Table(columns);
    }

    /** Values with a few repeats; scale 0 gives small integers (good categories). */
    private static NumericColumn numbers(String name, SplittableRandom random, int rows, boolean training,
                                         double scale) {
        double[] values = new double[rows];
        BitSet missing = new BitSet();
        for (int i = 0; i < rows; i++) {
            boolean full = training && i == 0;
            int pick = random.nextInt(20);
            if (!full && pick == 0) {
                missing.set(i);
            } else if (!full && pick == 1) {
                values[i] = random.nextBoolean() ? Double.NaN : Double.POSITIVE_INFINITY;
            } else if (scale == 0) {
                values[i] = random.nextInt(5) - 1;
            } else {
                values[i] = pick < 6 ? Math.rint(random.nextGaussian() * 3) : random.nextGaussian() * scale;
            }
        }
        return new NumericColumn(name, values, missing);
    }
}
