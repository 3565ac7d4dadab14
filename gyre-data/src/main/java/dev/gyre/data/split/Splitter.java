package dev.gyre.data.split;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.Column;
import dev.gyre.core.table.ColumnType;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Table;
import dev.gyre.core.table.TimestampColumn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Splits a table's rows into train, validation and test.
 *
 * <p><b>Rounding.</b> A group of {@code n} rows (the whole table, or one class) is divided by the largest
 * remainder method: each split first gets {@code floor(n × fraction)} rows, and the rows left over go one each
 * to the splits with the largest fractional parts (ties in the order train, validation, test). So every count
 * is within one row of its exact share, and the counts add up to {@code n}.
 *
 * <p><b>Random</b>: the rows are shuffled with {@link Random} seeded by the spec's seed (Fisher–Yates), and
 * cut by those counts. The same table, spec and seed always give the same split.
 *
 * <p><b>Stratified</b>: the rows are grouped by the target's value (as text); classes in sorted order are each
 * shuffled with one {@link Random} seeded by the spec's seed and divided as above, so each class is split in
 * the fractions' proportions to within one row. A class too small for that — one where a split with a
 * non-zero fraction gets no row — is reported in {@link SplitSummary#smallClasses()}, its rows going where the
 * rounding puts them (for a class of one or two rows, usually train). A missing target value is an error:
 * filter such rows out or fill them first.
 *
 * <p><b>Time</b>: rows are ordered by the column (timestamp or numeric; ties by row index); the oldest go to
 * train, the next to validation, the newest to test. Rows with equal times never straddle a boundary: a cut
 * that would fall inside a group of equal values moves to the nearer end of the group (to its end when both are
 * equally near), so the counts may differ from the exact shares; the notes say when this happened. A missing
 * time is an error.
 *
 * <p>Each split's indexes are ascending. Stateless and thread-safe.
 */
public final class Splitter {

    /**
     * Splits the table.
     *
     * @throws GyreException.InvalidArgument when the column does not exist, has the wrong type (time) or has
     *                                       missing values (stratified, time)
     */
    public SplitResult split(Table table, SplitSpec spec) {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(spec, "spec");
        double[] fractions = {spec.train(), spec.validation(), spec.test()};
        return switch (spec.method()) {
            case RANDOM -> random(table.rowCount(), fractions, spec);
            case STRATIFIED -> stratified(table, fractions, spec);
            case TIME -> time(table, fractions, spec);
            case HASH -> hash(table, fractions, spec);
        };
    }

    /**
     * The largest-remainder division of {@code n} rows by the fractions (see the class comment).
     *
     * @return one count per fraction, summing to {@code n}
     */
    static int[] allocate(int n, double[] fractions) {
        int[] counts = new int[fractions.length];
        double[] remainders = new double[fractions.length];
        double sum = Arrays.stream(fractions).sum();
        int left = n;
        for (int i = 0; i < fractions.length; i++) {
            // normalised, so the shares add up to n; rounded to 1e-9 so that 0.7 × 10 is 7, not 6.999...
            double exact = Math.round(n * (fractions[i] / sum) * 1e9) / 1e9;
            counts[i] = (int) Math.floor(exact);
            remainders[i] = exact - counts[i];
            left -= counts[i];
        }
        Integer[] order = IntStream.range(0, fractions.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -remainders[i]).thenComparingInt(i -> i));
        for (int k = 0; k < left && k < order.length; k++) {
            counts[order[k]]++;
        }
        return counts;
    }

    private static SplitResult random(int n, double[] fractions, SplitSpec spec) {
        int[] rows = IntStream.range(0, n).toArray();
        shuffle(rows, new Random(spec.seed()));
        int[] counts = allocate(n, fractions);
        int[][] parts = cut(rows, counts);
        SplitCounts total = new SplitCounts(counts[0], counts[1], counts[2]);
        return new SplitResult(parts[0], parts[1], parts[2],
                new SplitSummary(SplitMethod.RANDOM, spec.seed(), null, total, Map.of(), List.of(), List.of()));
    }

    /**
     * Each row to the split its hash falls in: a 64-bit FNV-1a hash of the seed and the row's cells (or the key
     * column's cell) as text, mixed and read as a number in [0, 1) against the cumulative fractions. The counts are
     * near, not exactly, the shares; the notes say how far.
     */
    private static SplitResult hash(Table table, double[] fractions, SplitSpec spec) {
        List<Column> columns = spec.column() == null ? table.columns() : List.of(column(table, spec.column()));
        double sum = Arrays.stream(fractions).sum();
        double trainCut = fractions[0] / sum;
        double validationCut = (fractions[0] + fractions[1]) / sum;
        List<List<Integer>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int row = 0; row < table.rowCount(); row++) {
            long h = 0xcbf29ce484222325L;
            h = fnv(h, Long.toString(spec.seed()));
            for (Column c : columns) {
                h = fnv(h, "\u001f");
                h = fnv(h, c.isMissing(row) ? "\u0000" : cellText(c.get(row)));
            }
            double u = (mix(h) >>> 11) * 0x1.0p-53;
            parts.get(u < trainCut ? 0 : u < validationCut ? 1 : 2).add(row);
        }
        int[][] out = new int[3][];
        for (int split = 0; split < 3; split++) {
            out[split] = parts.get(split).stream().mapToInt(Integer::intValue).toArray();
        }
        SplitCounts total = new SplitCounts(out[0].length, out[1].length, out[2].length);
        int[] exact = allocate(table.rowCount(), fractions);
        List<String> notes = new ArrayList<>();
        if (exact[0] != out[0].length || exact[2] != out[2].length) {
            notes.add("a hash split keeps each row's split in later versions, so its counts are near the shares: "
                    + total + " where exact shares give " + new SplitCounts(exact[0], exact[1], exact[2]));
        }
        return new SplitResult(out[0], out[1], out[2], new SplitSummary(SplitMethod.HASH, spec.seed(), spec.column(),
                total, Map.of(), List.of(), notes));
    }

    private static long fnv(long h, String text) {
        for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** The finaliser of SplitMix64: spreads the FNV hash's low-entropy bits over the whole word. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A cell as text, whole doubles without a fraction so that 22 and 22.0 hash alike. */
    private static String cellText(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        if (value instanceof Float f && f == Math.rint(f) && Math.abs(f) < 1e7) {
            return Long.toString(f.longValue());
        }
        return String.valueOf(value);
    }

    private static SplitResult stratified(Table table, double[] fractions, SplitSpec spec) {
        Column target = column(table, spec.column());
        if (target.missingCount() > 0) {
            throw new GyreException.InvalidArgument("Target column '" + target.name() + "' has "
                    + target.missingCount() + " missing values, and a stratified split needs a class for every row:"
                    + " filter them out (" + target.name() + " is not null) or fill them first.");
        }
        Map<String, List<Integer>> groups = new TreeMap<>();
        for (int row = 0; row < table.rowCount(); row++) {
            groups.computeIfAbsent(classOf(target.get(row)), k -> new ArrayList<>()).add(row);
        }
        Random random = new Random(spec.seed());
        List<List<Integer>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        Map<String, SplitCounts> classes = new LinkedHashMap<>();
        List<String> small = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> group : groups.entrySet()) {
            int[] rows = group.getValue().stream().mapToInt(Integer::intValue).toArray();
            shuffle(rows, random);
            int[] counts = allocate(rows.length, fractions);
            int[][] cut = cut(rows, counts);
            for (int split = 0; split < 3; split++) {
                for (int row : cut[split]) {
                    parts.get(split).add(row);
                }
            }
            SplitCounts classCounts = new SplitCounts(counts[0], counts[1], counts[2]);
            classes.put(group.getKey(), classCounts);
            if (counts[0] == 0 || counts[2] == 0 || fractions[1] > 0 && counts[1] == 0) {
                small.add(group.getKey());
                notes.add("class '" + group.getKey() + "' has " + rows.length + " row" + (rows.length == 1 ? "" : "s")
                        + ", too few to appear in every split (" + classCounts + ")");
            }
        }
        int[][] out = new int[3][];
        for (int split = 0; split < 3; split++) {
            out[split] = parts.get(split).stream().mapToInt(Integer::intValue).sorted().toArray();
        }
        SplitCounts total = new SplitCounts(out[0].length, out[1].length, out[2].length);
        return new SplitResult(out[0], out[1], out[2], new SplitSummary(SplitMethod.STRATIFIED, spec.seed(),
                target.name(), total, classes, small, notes));
    }

    private static SplitResult time(Table table, double[] fractions, SplitSpec spec) {
        Column column = column(table, spec.column());
        if (column.type() != ColumnType.TIMESTAMP && column.type() != ColumnType.NUMERIC) {
            throw new GyreException.InvalidArgument("Column '" + column.name() + "' is " + column.type().wireName()
                    + "; a time split orders rows by a timestamp or numeric column (cast it first).");
        }
        if (column.missingCount() > 0) {
            throw new GyreException.InvalidArgument("Column '" + column.name() + "' has " + column.missingCount()
                    + " missing values, and a time split needs a time for every row: filter them out ("
                    + column.name() + " is not null) or fill them first.");
        }
        int n = table.rowCount();
        double[] keys = new double[n];
        for (int row = 0; row < n; row++) {
            keys[row] = column instanceof TimestampColumn times ? times.getEpochMillis(row)
                    : ((NumericColumn) column).getDouble(row);
        }
        int[] order = IntStream.range(0, n).boxed()
                .sorted(Comparator.comparingDouble((Integer row) -> keys[row]).thenComparingInt(row -> row))
                .mapToInt(Integer::intValue).toArray();
        double[] sorted = new double[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = keys[order[i]];
        }
        int[] exact = allocate(n, fractions);
        int first = boundary(exact[0], sorted);
        int second = Math.max(first, boundary(exact[0] + exact[1], sorted));
        int[] counts = {first, second - first, n - second};
        List<String> notes = new ArrayList<>();
        String[] names = {"train", "validation", "test"};
        if (counts[0] != exact[0] || counts[1] != exact[1]) {
            notes.add("rows with equal '" + column.name() + "' were kept in one split, so the counts are "
                    + new SplitCounts(counts[0], counts[1], counts[2]) + " instead of "
                    + new SplitCounts(exact[0], exact[1], exact[2]));
        }
        int start = 0;
        for (int split = 0; split < 3; split++) {
            if (counts[split] > 0) {
                notes.add(names[split] + ": '" + column.name() + "' from " + show(column, sorted[start]) + " to "
                        + show(column, sorted[start + counts[split] - 1]));
            } else if (fractions[split] > 0) {
                notes.add(names[split] + " is empty: too few distinct values of '" + column.name() + "'");
            }
            start += counts[split];
        }
        int[][] parts = cut(order, counts);
        return new SplitResult(parts[0], parts[1], parts[2], new SplitSummary(SplitMethod.TIME, spec.seed(),
                column.name(), new SplitCounts(counts[0], counts[1], counts[2]), Map.of(), List.of(), notes));
    }

    /** The cut moved out of a group of equal values, to the nearer end of the group (its end on a tie). */
    static int boundary(int cut, double[] sorted) {
        int n = sorted.length;
        if (cut <= 0 || cut >= n || sorted[cut - 1] != sorted[cut]) {
            return cut;
        }
        double value = sorted[cut];
        int start = cut - 1;
        while (start > 0 && sorted[start - 1] == value) {
            start--;
        }
        int end = cut;
        while (end < n && sorted[end] == value) {
            end++;
        }
        return cut - start < end - cut ? start : end;
    }

    private static int[][] cut(int[] rows, int[] counts) {
        int[][] parts = new int[3][];
        int from = 0;
        for (int split = 0; split < 3; split++) {
            parts[split] = Arrays.copyOfRange(rows, from, from + counts[split]);
            from += counts[split];
        }
        for (int[] part : parts) {
            Arrays.sort(part);
        }
        return parts;
    }

    private static void shuffle(int[] rows, Random random) {
        for (int i = rows.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = rows[i];
            rows[i] = rows[j];
            rows[j] = swap;
        }
    }

    private static Column column(Table table, String name) {
        if (!table.hasColumn(name)) {
            throw new GyreException.InvalidArgument("There is no column '" + name + "' to split by; the columns are "
                    + table.schema().names() + ".");
        }
        return table.column(name);
    }

    /** A class value as text: whole numbers without {@code .0}. */
    private static String classOf(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return value.toString();
    }

    private static String show(Column column, double key) {
        if (column.type() == ColumnType.TIMESTAMP) {
            return Instant.ofEpochMilli((long) key).toString();
        }
        return classOf(key);
    }
}
