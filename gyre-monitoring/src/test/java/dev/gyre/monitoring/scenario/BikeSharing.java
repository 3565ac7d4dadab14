package dev.gyre.monitoring.scenario;

import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Table;
import dev.gyre.data.ingest.CsvTableStream;
import dev.gyre.data.ingest.IngestOptions;
import dev.gyre.monitoring.drift.Column;
import dev.gyre.monitoring.profile.ColumnProfile;
import dev.gyre.monitoring.profile.DatasetProfile;
import dev.gyre.training.Algorithms;
import dev.gyre.training.TrainedModel;
import dev.gyre.training.TrainingSet;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * The hourly bike-sharing example ({@code examples/bike-sharing/hour.csv}) read with the data stage's CSV reader,
 * a regression model of {@code cnt} trained on 2011 ({@code yr} = 0), and the monitored columns of any set of rows:
 * the model's inputs, its prediction and the target. {@code casual} and {@code registered} add up to the target and
 * {@code yr}, {@code instant} and {@code dteday} identify the row, so none of them is a feature.
 */
final class BikeSharing {

    static final Path HOUR_CSV = Path.of("..", "examples", "bike-sharing", "hour.csv");
    static final List<String> FEATURES = List.of("season", "mnth", "hr", "holiday", "weekday", "workingday",
            "weathersit", "temp", "atemp", "hum", "windspeed");
    static final String TARGET = "cnt";
    static final String PREDICTION = "prediction";
    /** Features, then the prediction, then the target (the ground truth, once it arrives). */
    static final List<String> MONITORED = monitored();
    static final long SEED = 2011L;

    private final Table hours;
    private final double[][] x;
    private final double[] cnt;
    private final double[] year;
    private final double[] month;
    private final double[] prediction;

    private BikeSharing(Table hours) {
        this.hours = hours;
        int n = hours.rowCount();
        this.x = new double[n][FEATURES.size()];
        for (int j = 0; j < FEATURES.size(); j++) {
            double[] v = numeric(hours, FEATURES.get(j));
            for (int i = 0; i < n; i++) {
                x[i][j] = v[i];
            }
        }
        this.cnt = numeric(hours, TARGET);
        this.year = numeric(hours, "yr");
        this.month = numeric(hours, "mnth");
        int[] train = rows(i -> year[i] == 0);
        double[][] trainX = new double[train.length][];
        double[] trainY = new double[train.length];
        for (int k = 0; k < train.length; k++) {
            trainX[k] = x[train[k]];
            trainY[k] = cnt[train[k]];
        }
        TrainedModel model = Algorithms.fit("gradient_boosting", TrainingSet.regression(trainX, FEATURES, trainY),
                Map.of("n_estimators", 200, "max_depth", 6, "learning_rate", 0.1, "threads", 1), SEED);
        double[][] predicted = model.predictBatch(x);
        this.prediction = new double[n];
        for (int i = 0; i < n; i++) {
            prediction[i] = predicted[i][0];
        }
    }

    /** Reads the example file (path relative to the module directory) and trains the 2011 model. */
    static BikeSharing load() {
        try (CsvTableStream stream = CsvTableStream.open(HOUR_CSV, IngestOptions.defaults())) {
            List<Table> chunks = new ArrayList<>();
            for (Table t = stream.next(); t != null; t = stream.next()) {
                chunks.add(t);
            }
            if (chunks.size() != 1) {
                throw new IllegalStateException("expected the 17 379 hours in one chunk, got " + chunks.size());
            }
            return new BikeSharing(chunks.get(0));
        }
    }

    private static double[] numeric(Table t, String name) {
        NumericColumn c = (NumericColumn) t.column(name);
        if (c.missingCount() != 0) {
            throw new IllegalStateException(name + " has missing values; the example file has none");
        }
        return c.toArray();
    }

    int rowCount() {
        return hours.rowCount();
    }

    /** Row indices (ascending) that satisfy {@code keep}. */
    int[] rows(IntPredicate keep) {
        return IntStream.range(0, hours.rowCount()).filter(keep).toArray();
    }

    /** The hours of one year (0 = 2011, 1 = 2012). */
    int[] year(int yr) {
        return rows(i -> year[i] == yr);
    }

    /** The hours of one month (1–12) of one year. */
    int[] month(int yr, int mnth) {
        return rows(i -> year[i] == yr && month[i] == mnth);
    }

    /** A seeded random half of {@code rows} and the other half, each ascending. */
    static int[][] halves(int[] rows, long seed) {
        int[] shuffled = rows.clone();
        Random rnd = new Random(seed);
        for (int i = shuffled.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = t;
        }
        int[] a = Arrays.copyOfRange(shuffled, 0, shuffled.length / 2);
        int[] b = Arrays.copyOfRange(shuffled, shuffled.length / 2, shuffled.length);
        Arrays.sort(a);
        Arrays.sort(b);
        return new int[][] {a, b};
    }

    /** The monitored values of one column over {@code rows}. */
    double[] values(String column, int[] rows) {
        double[] out = new double[rows.length];
        int feature = FEATURES.indexOf(column);
        for (int k = 0; k < rows.length; k++) {
            int i = rows[k];
            out[k] = feature >= 0 ? x[i][feature] : column.equals(PREDICTION) ? prediction[i] : cnt[i];
        }
        return out;
    }

    /** The monitored columns of {@code rows} as drift-test samples. */
    Map<String, Column> columns(int[] rows) {
        Map<String, Column> out = new LinkedHashMap<>();
        for (String name : MONITORED) {
            out.put(name, Column.numeric(values(name, rows)));
        }
        return out;
    }

    /** The monitored columns of {@code rows} as a profile (KLL k = 1024); the scenario does not use its window. */
    DatasetProfile profile(int[] rows) {
        Map<String, ColumnProfile> out = new LinkedHashMap<>();
        for (String name : MONITORED) {
            out.put(name, ColumnProfile.numeric().updateAll(values(name, rows)));
        }
        Instant t = Instant.parse("2011-01-01T00:00:00Z");
        return new DatasetProfile(t, t.plusSeconds(1), rows.length, out);
    }

    /** The mean of {@code values}. */
    static double mean(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s / values.length;
    }

    private static List<String> monitored() {
        List<String> out = new ArrayList<>(FEATURES);
        out.add(PREDICTION);
        out.add(TARGET);
        return List.copyOf(out);
    }
}
