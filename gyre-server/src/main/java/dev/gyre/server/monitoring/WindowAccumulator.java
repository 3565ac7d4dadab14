package dev.gyre.server.monitoring;

import dev.gyre.monitoring.profile.ColumnProfile;
import dev.gyre.monitoring.profile.DatasetProfile;
import dev.gyre.serving.log.PredictionRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * The open profile of one deployment version's traffic in one window, fed record by record from the prediction
 * log's writer thread; its memory does not grow with the number of records (sketches). Column kinds come from
 * the version's reference profile when there is one, else from the first value seen (numbers numeric, anything
 * else categorical). Outputs are profiled under the names validation gives them ({@code prediction},
 * {@code prediction_proba_<class>}), so input and prediction drift compare like with like.
 */
final class WindowAccumulator {
    static final int LATENCY_K = 200;
    /** The most columns profiled for a version without a reference. */
    static final int MAX_COLUMNS = 512;

    final String deployment;
    final String model;
    final String version;
    final long windowStart;
    final long windowMs;
    /** The source name this accumulator's rows are saved under. */
    final String source;
    private boolean closed;
    private final Map<String, ColumnProfile> columns = new LinkedHashMap<>();
    private final Map<String, ColumnProfile.Kind> kinds;
    private final KllDoublesSketch latency = KllDoublesSketch.newHeapInstance(LATENCY_K);
    private long rows;
    private long outliers;
    private long outlierChecked;
    private long lastSeen;
    private boolean dirty;

    /** @param kinds the reference's columns and their kinds, in order (may be empty) */
    WindowAccumulator(String deployment, String model, String version, long windowStart, long windowMs,
                      Map<String, ColumnProfile.Kind> kinds, String source) {
        this.source = source;
        this.model = model;
        this.deployment = deployment;
        this.version = version;
        this.windowStart = windowStart;
        this.windowMs = windowMs;
        this.kinds = kinds;
        kinds.forEach((name, kind) -> columns.put(name, empty(kind)));
    }

    private static ColumnProfile empty(ColumnProfile.Kind kind) {
        return kind == ColumnProfile.Kind.NUMERIC ? ColumnProfile.numeric() : ColumnProfile.categorical();
    }

    /** Adds a record; false when the window was closed (the caller opens a new one). */
    synchronized boolean add(PredictionRecord record) {
        if (closed) {
            return false;
        }
        rows++;
        dirty = true;
        lastSeen = Math.max(lastSeen, record.timestampMs());
        if (!record.shadow()) {
            latency.update(record.latencyMicros() / 1000.0);
        }
        if (record.outlier() != null) {
            outlierChecked++;
            if (record.outlier()) {
                outliers++;
            }
        }
        record.inputs().forEach(this::feed);
        PredictionRecord.Output output = record.output();
        if (output.value() != null) {
            feed("prediction", output.value());
        } else {
            feed("prediction", output.predictedClass());
            output.probabilities().forEach((cls, p) -> feed("prediction_proba_" + cls, p));
        }
        // a column the record lacks is missing in this row: every column has seen one value per row
        for (ColumnProfile column : columns.values()) {
            if (column.count() + column.missing() + column.infinite() < rows) {
                column.updateMissing();
            }
        }
        return true;
    }

    /** One value of the current row to its column's profile. */
    private void feed(String name, Object value) {
        ColumnProfile column = columns.get(name);
        if (column == null) {
            // with a reference only its columns are profiled (the model reads no others); without one the
            // columns are learned from the records, at most MAX_COLUMNS of them
            if (value == null || !kinds.isEmpty() || columns.size() >= MAX_COLUMNS) {
                return;
            }
            column = empty(value instanceof Number ? ColumnProfile.Kind.NUMERIC : ColumnProfile.Kind.CATEGORICAL);
            // a field first seen here: the window's earlier rows did not have it
            column.updateMissing(rows - 1);
            columns.put(name, column);
        }
        update(column, value);
    }

    /** Marks the window as changed again, after a save of its snapshot failed. */
    synchronized void markDirty() {
        dirty = true;
    }

    /** Takes no more records; returns whether it holds records not yet saved. */
    synchronized boolean close() {
        closed = true;
        return dirty;
    }

    private static void update(ColumnProfile column, Object value) {
        if (value == null) {
            column.updateMissing();
        } else if (column.kind() == ColumnProfile.Kind.NUMERIC) {
            if (value instanceof Number n) {
                column.update(n.doubleValue());
            } else if (value instanceof Boolean b) {
                column.update(b ? 1.0 : 0.0);
            } else {
                try {
                    column.update(Double.parseDouble(value.toString().trim()));
                } catch (NumberFormatException e) {
                    column.updateMissing();
                }
            }
        } else {
            column.update(label(value));
        }
    }

    /** The label of a categorical value: integral numbers without a fraction, so 3 and 3.0 are both "3". */
    static String label(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return value.toString();
    }

    /** Whether anything was added since the last {@link #snapshot()}. */
    synchronized boolean dirty() {
        return dirty;
    }

    /** The window's row for the store, as of now; clears the dirty flag. */
    synchronized WindowStore.Row snapshot() {
        dirty = false;
        // serialised under the lock: the live column profiles are not copied
        DatasetProfile profile = new DatasetProfile(Instant.ofEpochMilli(windowStart),
                Instant.ofEpochMilli(windowStart + windowMs), rows, columns);
        return new WindowStore.Row(deployment, model, version, windowStart, windowMs, source, rows, outliers, outlierChecked, lastSeen,
                latency.toByteArray(), profile.toBytes());
    }
}
