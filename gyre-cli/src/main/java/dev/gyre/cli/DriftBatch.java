package dev.gyre.cli;

import dev.gyre.data.ingest.CsvReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The traffic of {@code gyre quickstart}: the Titanic passengers as prediction records, and a drifted batch made
 * from them — the same people a generation later, richer, all in first class and all boarding at Queenstown
 * ({@code Age} plus 15 to 30 years up to 80, {@code Fare} times 3 to 6, {@code Pclass} 1, {@code Embarked} Q) — with
 * delayed labels that follow a new pattern the model does not know (see {@link #delayedLabels}), so its measured
 * quality drops. Every random choice comes from the seed given, so a batch is the same on every run.
 */
final class DriftBatch {

    /** The columns read as numbers; the others are text. */
    static final Set<String> NUMERIC = Set.of("PassengerId", "Survived", "Pclass", "Age", "SibSp", "Parch", "Fare");

    /** The column with the true label, left out of the records sent for prediction. */
    static final String TARGET = "Survived";

    private DriftBatch() {
    }

    /**
     * The rows of a CSV file with a header as records: numeric columns ({@link #NUMERIC}) as numbers, the
     * others as text, empty fields as {@code null}.
     */
    static List<Map<String, Object>> passengers(byte[] csv) {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (CsvReader reader = new CsvReader(new ByteArrayInputStream(csv), "titanic.csv", ',', StandardCharsets.UTF_8,
                1 << 20)) {
            String[] header = reader.next();
            if (header == null) {
                return rows;
            }
            reader.columnNames(List.of(header));
            for (String[] fields = reader.next(); fields != null; fields = reader.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 0; i < header.length; i++) {
                    String text = i < fields.length ? fields[i] : null;
                    row.put(header[i], text == null || text.isEmpty() ? null
                            : NUMERIC.contains(header[i]) ? number(text) : text);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static Object number(String text) {
        double d = Double.parseDouble(text.strip());
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d : (Object) d;
    }

    /** The passengers' identifier: not a model input, and left out so that retraining data gets no repeated ids. */
    static final String ID = "PassengerId";

    /** The oldest age a shifted passenger gets. */
    static final double MAX_AGE = 80;

    /** A passenger as a prediction record: every column but the label and the identifier. */
    static Map<String, Object> features(Map<String, Object> passenger) {
        Map<String, Object> record = new LinkedHashMap<>(passenger);
        record.remove(TARGET);
        record.remove(ID);
        return record;
    }

    /** The true label of a passenger as the model's class name ({@code "0"} or {@code "1"}), or null. */
    static String label(Map<String, Object> passenger) {
        Object v = passenger.get(TARGET);
        return v == null ? null : v instanceof Number n ? Long.toString(n.longValue()) : v.toString();
    }

    /**
     * {@code size} drifted prediction records: passengers drawn with replacement, shifted as the class says.
     * A passenger without an age gets one between 45 and 75.
     */
    static List<Map<String, Object>> build(List<Map<String, Object>> passengers, int size, long seed) {
        if (passengers.isEmpty()) {
            throw new IllegalArgumentException("no passengers to shift");
        }
        Random random = new Random(seed);
        List<Map<String, Object>> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Map<String, Object> record = features(passengers.get(random.nextInt(passengers.size())));
            Object age = record.get("Age");
            double years = 15 + random.nextDouble() * 15;
            record.put("Age", round(Math.min(MAX_AGE,
                    age instanceof Number n ? n.doubleValue() + years : 45 + random.nextDouble() * 30)));
            Object fare = record.get("Fare");
            double base = fare instanceof Number n && n.doubleValue() > 0 ? n.doubleValue() : 30;
            record.put("Fare", round(base * (3 + random.nextDouble() * 3)));
            record.put("Pclass", 1L);
            record.put("Embarked", "Q");
            batch.add(record);
        }
        return batch;
    }

    private static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }

    /** The age above which a shifted passenger does not survive; younger ones all do. */
    static final double SURVIVAL_AGE_LIMIT = 70;

    /**
     * The delayed true labels of a drifted batch: survival among these passengers follows a new pattern that the
     * data could not show — every one of them survives unless older than {@link #SURVIVAL_AGE_LIMIT} — a concept
     * the model gets wrong (older men in first class mostly did not survive on the Titanic) and a model retrained
     * on the labelled traffic can learn.
     */
    static List<String> delayedLabels(List<Map<String, Object>> batch) {
        List<String> labels = new ArrayList<>(batch.size());
        for (Map<String, Object> record : batch) {
            Object age = record.get("Age");
            labels.add(age instanceof Number n && n.doubleValue() > SURVIVAL_AGE_LIMIT ? "0" : "1");
        }
        return labels;
    }
}
