// The Gyre side of bench/drift.sh, compiled against gyre-monitoring's class path and run on it:
//
//   java -cp CLASSES:CLASSPATH DriftBench report DIR [REPEATS] [SMALL_ROWS]     (defaults: 3 10000)
//   java -Xmx256m -cp CLASSES:CLASSPATH DriftBench memory ROWS
//
// report reads the columns bench/drift_scipy.py generated in DIR (little-endian float64 values or int16 codes;
// code i of column c is the label "c_<i, three digits>"; reading and turning codes into labels are not timed)
// and times, each after one untimed run, the best of REPEATS runs (exact_s excepted, see there):
//   sketch_s      the platform's path: every current row streamed into one ColumnProfile per column (row by row,
//                 as rows arrive), a DatasetProfile of them, then SketchDrift.evaluate against the reference
//                 profile, which is built before the clock starts (the platform keeps it with the model; its
//                 build time is printed as ref_profile_s);
//   sketch_evaluate_s  SketchDrift.evaluate alone, on profiles already built (the part of sketch_s after streaming):
//                 what a report costs on the platform, whose window profiles are built as the traffic arrives;
//   sketch_parallel_s  as sketch_s with the current rows cut into one slice per core, each slice streamed into its
//                 own profiles on its own thread, the slices' profiles merged, then SketchDrift.evaluate (what
//                 mergeable profiles allow: replicas or threads profile apart, the report merges);
//   exact_s       DriftDefaults.evaluate on Column.numeric / Column.categorical of the raw values (building the
//                 Column objects, which copy and check the values, included); it takes tens of seconds, so it
//                 is warmed up on the first tenth of the current rows and timed once;
//   sketch_ks_s   the 14 numeric columns streamed into profiles, then SketchDrift.ks per column;
//   exact_ks_s    KolmogorovSmirnov (method AUTO: asymptotic at these sizes) on the raw numeric columns.
// Per-column latency on the first SMALL_ROWS rows of reference and current, per column, median of 200 runs
// after 50: col10k_sketch (profile the current values, then the default test from SketchDrift.defaultFor against
// the reference column's profile, built beforehand) and col10k_exact (Column.numeric / categorical of the
// current values, DriftDefaults.defaultFor and its test against the reference Column, built beforehand).
//
// memory streams ROWS generated rows (SplittableRandom, seed 20261129; 14 numeric and 6 categorical columns of
// the same kinds as the report's data, never held in memory) into one ColumnProfile per column, forcing a
// collection 20 times along the way and after the last row, and prints the largest heap in use after those
// collections (MemoryMXBean), which is what the profiles and the JVM keep.
//
// Printed lines: "ROW <column> <kind> <test> <exact value> <exact drifted 0|1> <sketch value> <sketch drifted>
// <exact KS p> <exact KS drifted> <sketch KS p> <sketch KS drifted>" (KS fields "-" for categorical columns)
// and "TIME <name> <value>".

import dev.gyre.monitoring.drift.Column;
import dev.gyre.monitoring.drift.DatasetDrift;
import dev.gyre.monitoring.drift.DriftDefaults;
import dev.gyre.monitoring.drift.DriftResult;
import dev.gyre.monitoring.drift.KolmogorovSmirnov;
import dev.gyre.monitoring.profile.ColumnProfile;
import dev.gyre.monitoring.profile.DatasetProfile;
import dev.gyre.monitoring.profile.SketchDrift;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

public class DriftBench {

    /** One column of the generated data: numeric values or codes with their labels. */
    record Data(String name, boolean numeric, double[] refValues, double[] curValues, short[] refCodes, short[] curCodes,
                String[] labels) {

        List<String> labelList(short[] codes, int rows) {
            String[] out = new String[rows];
            for (int i = 0; i < rows; i++) {
                out[i] = labels[codes[i]];
            }
            return Arrays.asList(out);
        }

        int refRows() {
            return numeric ? refValues.length : refCodes.length;
        }

        int curRows() {
            return numeric ? curValues.length : curCodes.length;
        }
    }

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant END = Instant.parse("2026-01-02T00:00:00Z");

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        switch (args[0]) {
            case "report" -> report(Path.of(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 3,
                    args.length > 3 ? Integer.parseInt(args[3]) : 10_000);
            case "memory" -> memory(Long.parseLong(args[1]));
            default -> throw new IllegalArgumentException("usage: DriftBench report DIR [REPEATS] [SMALL_ROWS] | memory ROWS");
        }
    }

    // ---------------------------------------------------------------- report

    static List<Data> load(Path dir) throws Exception {
        List<Data> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("manifest.txt"))) {
            String[] f = line.split(" ");
            String name = f[0];
            if (f[1].equals("numeric")) {
                out.add(new Data(name, true, doubles(dir.resolve("ref_" + name + ".bin")),
                        doubles(dir.resolve("cur_" + name + ".bin")), null, null, null));
            } else {
                int levels = Integer.parseInt(f[2]);
                String[] labels = new String[levels];
                for (int i = 0; i < levels; i++) {
                    labels[i] = String.format("%s_%03d", name, i);
                }
                out.add(new Data(name, false, null, null, shorts(dir.resolve("ref_" + name + ".bin")),
                        shorts(dir.resolve("cur_" + name + ".bin")), labels));
            }
        }
        return out;
    }

    static double[] doubles(Path p) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[b.remaining() / 8];
        b.asDoubleBuffer().get(out);
        return out;
    }

    static short[] shorts(Path p) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        short[] out = new short[b.remaining() / 2];
        b.asShortBuffer().get(out);
        return out;
    }

    /** Streams rows [0, rows) of one side, row by row, into one profile per column (only numeric ones if asked). */
    static DatasetProfile profile(List<Data> data, boolean reference, int rows, boolean numericOnly) {
        return profile(data, reference, 0, rows, numericOnly);
    }

    /** Streams rows [from, to) of one side into one profile per column. */
    static DatasetProfile profile(List<Data> data, boolean reference, int from, int to, boolean numericOnly) {
        List<Data> cols = numericOnly ? data.stream().filter(Data::numeric).toList() : data;
        int n = cols.size();
        ColumnProfile[] profiles = new ColumnProfile[n];
        double[][] values = new double[n][];
        short[][] codes = new short[n][];
        String[][] labels = new String[n][];
        for (int c = 0; c < n; c++) {
            Data d = cols.get(c);
            profiles[c] = d.numeric() ? ColumnProfile.numeric() : ColumnProfile.categorical();
            values[c] = d.numeric() ? (reference ? d.refValues() : d.curValues()) : null;
            codes[c] = d.numeric() ? null : (reference ? d.refCodes() : d.curCodes());
            labels[c] = d.labels();
        }
        for (int r = from; r < to; r++) {
            for (int c = 0; c < n; c++) {
                if (values[c] != null) {
                    profiles[c].update(values[c][r]);
                } else {
                    profiles[c].update(labels[c][codes[c][r]]);
                }
            }
        }
        Map<String, ColumnProfile> map = new LinkedHashMap<>();
        for (int c = 0; c < n; c++) {
            map.put(cols.get(c).name(), profiles[c]);
        }
        return new DatasetProfile(START, END, to - from, map);
    }

    interface Timed<T> {
        T run() throws Exception;
    }

    record Best<T>(double seconds, T result) {
    }

    static <T> Best<T> best(int repeats, Timed<T> body) throws Exception {
        body.run();
        double best = Double.MAX_VALUE;
        T result = null;
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            result = body.run();
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        return new Best<>(best, result);
    }

    static void report(Path dir, int repeats, int smallRows) throws Exception {
        List<Data> data = load(dir);
        int refRows = data.get(0).refRows();
        int curRows = data.get(0).curRows();
        Map<String, List<String>> refLabels = new LinkedHashMap<>();
        Map<String, List<String>> curLabels = new LinkedHashMap<>();
        for (Data d : data) {
            if (!d.numeric()) {
                refLabels.put(d.name(), d.labelList(d.refCodes(), refRows));
                curLabels.put(d.name(), d.labelList(d.curCodes(), curRows));
            }
        }
        System.err.printf("loaded %d columns, %d reference and %d current rows%n", data.size(), refRows, curRows);

        Best<DatasetProfile> ref = best(repeats, () -> profile(data, true, refRows, false));
        DatasetProfile reference = ref.result();
        DatasetProfile referenceNumeric = profile(data, true, refRows, true);

        Best<DatasetDrift> sketch = best(repeats, () -> {
            DatasetProfile current = profile(data, false, curRows, false);
            return new SketchDrift().evaluate(reference, current);
        });
        System.err.printf("sketch path %.3f s%n", sketch.seconds());

        int threads = Runtime.getRuntime().availableProcessors();
        Best<DatasetDrift> parallel = best(repeats, () -> {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            try {
                List<java.util.concurrent.Future<DatasetProfile>> parts = new java.util.ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int from = (int) ((long) curRows * t / threads);
                    int to = (int) ((long) curRows * (t + 1) / threads);
                    parts.add(pool.submit(() -> profile(data, false, from, to, false)));
                }
                DatasetProfile current = parts.get(0).get();
                for (int t = 1; t < threads; t++) {
                    current = current.merge(parts.get(t).get());
                }
                return new SketchDrift().evaluate(reference, current);
            } finally {
                pool.shutdown();
            }
        });
        System.err.printf("sketch path on %d threads %.3f s%n", threads, parallel.seconds());

        DatasetProfile builtCurrent = profile(data, false, curRows, false);
        Best<DatasetDrift> evaluateOnly = best(repeats, () -> new SketchDrift().evaluate(reference, builtCurrent));

        // the exact path takes tens of seconds at full size: warmed up on the first tenth of the current rows, timed once
        exact(data, refLabels, curLabels, curRows / 10);
        long exactStart = System.nanoTime();
        DatasetDrift exactResult = exact(data, refLabels, curLabels, curRows);
        Best<DatasetDrift> exact = new Best<>((System.nanoTime() - exactStart) / 1e9, exactResult);
        System.err.printf("exact path %.3f s%n", exact.seconds());

        Best<Map<String, DriftResult>> sketchKs = best(repeats, () -> {
            DatasetProfile current = profile(data, false, curRows, true);
            Map<String, DriftResult> out = new LinkedHashMap<>();
            for (String name : current.columns().keySet()) {
                out.put(name, SketchDrift.ks(referenceNumeric.column(name), current.column(name), 0.05));
            }
            return out;
        });
        Best<Map<String, DriftResult>> exactKs = best(repeats, () -> {
            Map<String, DriftResult> out = new LinkedHashMap<>();
            KolmogorovSmirnov ks = new KolmogorovSmirnov();
            for (Data d : data) {
                if (d.numeric()) {
                    out.put(d.name(), ks.test(Column.numeric(d.refValues()), Column.numeric(d.curValues()), 0.05));
                }
            }
            return out;
        });
        System.err.printf("KS: sketch %.3f s, exact %.3f s%n", sketchKs.seconds(), exactKs.seconds());

        for (Data d : data) {
            DriftResult e = exact.result().columns().get(d.name());
            DriftResult s = sketch.result().columns().get(d.name());
            String ks = "- - - -";
            if (d.numeric()) {
                DriftResult ke = exactKs.result().get(d.name());
                DriftResult kse = sketchKs.result().get(d.name());
                ks = ke.pValue() + " " + flag(ke) + " " + kse.pValue() + " " + flag(kse);
            }
            System.out.println("ROW " + d.name() + " " + (d.numeric() ? "numeric" : "categorical") + " " + e.test() + " "
                    + e.statistic() + " " + flag(e) + " " + s.statistic() + " " + flag(s) + " " + ks
                    + (s.test().equals(e.test()) ? "" : " sketch_test=" + s.test()));
        }

        double[] sketchMs = new double[data.size()];
        double[] exactMs = new double[data.size()];
        for (int i = 0; i < data.size(); i++) {
            Data d = data.get(i);
            sketchMs[i] = smallSketch(d, smallRows);
            exactMs[i] = smallExact(d, smallRows);
            System.err.printf("%s at %d rows: sketch %.4f ms, exact %.4f ms%n", d.name(), smallRows, sketchMs[i], exactMs[i]);
        }
        time("ref_profile_s", ref.seconds());
        time("sketch_s", sketch.seconds());
        time("sketch_evaluate_s", evaluateOnly.seconds());
        time("sketch_parallel_s", parallel.seconds());
        time("threads", threads);
        time("exact_s", exact.seconds());
        time("sketch_ks_s", sketchKs.seconds());
        time("exact_ks_s", exactKs.seconds());
        time("col10k_sketch_ms", median(sketchMs));
        time("col10k_sketch_max_ms", Arrays.stream(sketchMs).max().orElseThrow());
        time("col10k_exact_ms", median(exactMs));
        time("col10k_exact_max_ms", Arrays.stream(exactMs).max().orElseThrow());
        time("sketch_drifted", sketch.result().drifted());
        time("exact_drifted", exact.result().drifted());
    }

    /** DriftDefaults on the full reference and the first {@code rows} current rows, Column objects built inside. */
    static DatasetDrift exact(List<Data> data, Map<String, List<String>> refLabels, Map<String, List<String>> curLabels,
                              int rows) {
        Map<String, Column> r = new LinkedHashMap<>();
        Map<String, Column> c = new LinkedHashMap<>();
        for (Data d : data) {
            r.put(d.name(), d.numeric() ? Column.numeric(d.refValues()) : Column.categorical(refLabels.get(d.name())));
            c.put(d.name(), d.numeric()
                    ? Column.numeric(rows == d.curRows() ? d.curValues() : Arrays.copyOf(d.curValues(), rows))
                    : Column.categorical(curLabels.get(d.name()).subList(0, rows)));
        }
        return new DriftDefaults().evaluate(r, c);
    }

    static String flag(DriftResult r) {
        return r.drifted() ? "1" : "0";
    }

    static void time(String name, double value) {
        System.out.printf("TIME %s %.4f%n", name, value);
    }

    static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static final int SMALL_WARMUP = 50;
    static final int SMALL_RUNS = 200;
    static volatile Object sink;

    /** Median milliseconds to profile SMALL current values and test them against the reference column's profile. */
    static double smallSketch(Data d, int rows) {
        ColumnProfile ref = d.numeric() ? ColumnProfile.numeric() : ColumnProfile.categorical();
        for (int r = 0; r < rows; r++) {
            if (d.numeric()) {
                ref.update(d.refValues()[r]);
            } else {
                ref.update(d.labels()[d.refCodes()[r]]);
            }
        }
        double[] ms = new double[SMALL_RUNS];
        for (int i = 0; i < SMALL_WARMUP + SMALL_RUNS; i++) {
            long start = System.nanoTime();
            ColumnProfile cur = d.numeric() ? ColumnProfile.numeric() : ColumnProfile.categorical();
            if (d.numeric()) {
                double[] v = d.curValues();
                for (int r = 0; r < rows; r++) {
                    cur.update(v[r]);
                }
            } else {
                short[] codes = d.curCodes();
                String[] labels = d.labels();
                for (int r = 0; r < rows; r++) {
                    cur.update(labels[codes[r]]);
                }
            }
            SketchDrift.Choice choice = SketchDrift.defaultFor(ref, cur);
            sink = choice.test().run(ref, cur, choice.threshold());
            if (i >= SMALL_WARMUP) {
                ms[i - SMALL_WARMUP] = (System.nanoTime() - start) / 1e6;
            }
        }
        return median(ms);
    }

    /** Median milliseconds for the exact default test on SMALL current values against the reference Column. */
    static double smallExact(Data d, int rows) {
        Column ref = d.numeric() ? Column.numeric(Arrays.copyOf(d.refValues(), rows)) : Column.categorical(d.labelList(d.refCodes(), rows));
        double[] curValues = d.numeric() ? Arrays.copyOf(d.curValues(), rows) : null;
        List<String> curLabels = d.numeric() ? null : d.labelList(d.curCodes(), rows);
        double[] ms = new double[SMALL_RUNS];
        for (int i = 0; i < SMALL_WARMUP + SMALL_RUNS; i++) {
            long start = System.nanoTime();
            Column cur = d.numeric() ? Column.numeric(curValues) : Column.categorical(curLabels);
            DriftDefaults.Choice choice = DriftDefaults.defaultFor(ref, cur);
            sink = choice.test().test(ref, cur, choice.threshold());
            if (i >= SMALL_WARMUP) {
                ms[i - SMALL_WARMUP] = (System.nanoTime() - start) / 1e6;
            }
        }
        return median(ms);
    }

    // ---------------------------------------------------------------- memory

    static void memory(long rows) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        int numeric = 14;
        int categorical = 6;
        int[] levels = {3, 5, 2, 2, 50, 200};
        String[][] labels = new String[categorical][];
        for (int c = 0; c < categorical; c++) {
            labels[c] = new String[levels[c]];
            for (int i = 0; i < levels[c]; i++) {
                labels[c][i] = String.format("c%d_%03d", c, i);
            }
        }
        ColumnProfile[] num = new ColumnProfile[numeric];
        ColumnProfile[] cat = new ColumnProfile[categorical];
        for (int c = 0; c < numeric; c++) {
            num[c] = ColumnProfile.numeric();
        }
        for (int c = 0; c < categorical; c++) {
            cat[c] = ColumnProfile.categorical();
        }
        SplittableRandom random = new SplittableRandom(20261129L);
        long step = Math.max(1, rows / 20);
        long peak = 0;
        long start = System.nanoTime();
        double gcSeconds = 0;
        for (long r = 0; r < rows; r++) {
            for (int c = 0; c < numeric; c++) {
                num[c].update(value(random, c));
            }
            for (int c = 0; c < categorical; c++) {
                // skewed codes: the smallest of two uniform draws
                int code = Math.min(random.nextInt(levels[c]), random.nextInt(levels[c]));
                cat[c].update(labels[c][code]);
            }
            if ((r + 1) % step == 0 || r + 1 == rows) {
                long g = System.nanoTime();
                System.gc();
                peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                gcSeconds += (System.nanoTime() - g) / 1e9;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9 - gcSeconds;
        Map<String, ColumnProfile> map = new LinkedHashMap<>();
        for (int c = 0; c < numeric; c++) {
            map.put("n" + c, num[c]);
        }
        for (int c = 0; c < categorical; c++) {
            map.put("c" + c, cat[c]);
        }
        int bytes = new DatasetProfile(START, END, rows, map).toBytes().length;
        time("heap_mb", peak / 1048576.0);
        time("baseline_heap_mb", baseline / 1048576.0);
        time("max_heap_mb", memory.getHeapMemoryUsage().getMax() / 1048576.0);
        time("rows_per_s", rows / seconds);
        time("profile_kb", bytes / 1024.0);
    }

    /** Column c's value: normal, log-normal, uniform, exponential, mixture, rounded normal, gamma-like, t-like. */
    static double value(SplittableRandom r, int c) {
        return switch (c % 7) {
            case 0 -> r.nextGaussian() + (c >= 7 ? 0.5 : 0);
            case 1 -> Math.exp(0.75 * r.nextGaussian());
            case 2 -> 10 * r.nextDouble();
            case 3 -> 2 * r.nextExponential();
            case 4 -> r.nextDouble() < 0.6 ? r.nextGaussian() - 2 : 1.5 * r.nextGaussian() + 3;
            case 5 -> Math.rint(50 + 10 * r.nextGaussian());
            default -> r.nextExponential() + r.nextExponential();
        };
    }
}
