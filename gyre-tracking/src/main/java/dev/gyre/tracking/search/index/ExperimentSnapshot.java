package dev.gyre.tracking.search.index;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The columnar copy of one experiment's runs: one array per attribute, per metric key, per param key
 * and per tag key, indexed by row (a run's row never changes). A missing value is {@code null} (strings)
 * or state {@link #MISSING} (metrics).
 *
 * <p>Param and tag values are canonical: equal values are the same {@link String} instance, found
 * through {@link #canonical(String)}, so equality filters compare references.
 *
 * <p>Not thread-safe by itself: readers hold {@link #lock}'s read lock, mutators its write lock, except
 * while the snapshot is being built and not yet published. Nobody holds the lock while waiting for the
 * database.
 */
final class ExperimentSnapshot {

    static final byte MISSING = 0;
    static final byte NUMBER = 1;
    static final byte NAN = 2;

    /** Attribute columns, counted as cells for the memory bound. */
    private static final int ATTRIBUTE_CELLS = 8;

    final long experimentId;
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);
    private final long maxCells;

    int size;
    private int capacity;
    String[] runIds;
    String[] runNames;
    String[] statuses;
    String[] userIds;
    String[] artifactUris;
    long[] startTimes;
    long[] endTimes;
    boolean[] hasEndTime;
    boolean[] deleted;
    final Map<String, Integer> rowOf = new HashMap<>();
    final Map<String, MetricColumn> metrics = new HashMap<>();
    final Map<String, String[]> params = new HashMap<>();
    final Map<String, String[]> tags = new HashMap<>();
    private final Map<String, String> values = new HashMap<>();

    /** The latest values of one metric key; NaN is kept as value 0 with state {@link #NAN}, as stored. */
    static final class MetricColumn {
        double[] values;
        long[] steps;
        long[] timestamps;
        byte[] states;

        MetricColumn(int capacity) {
            values = new double[capacity];
            steps = new long[capacity];
            timestamps = new long[capacity];
            states = new byte[capacity];
        }

        void grow(int capacity) {
            values = Arrays.copyOf(values, capacity);
            steps = Arrays.copyOf(steps, capacity);
            timestamps = Arrays.copyOf(timestamps, capacity);
            states = Arrays.copyOf(states, capacity);
        }
    }

    /**
     * @param maxCells the most cells (see {@link #cells()}) it may hold: a new column or more rows
     *                 beyond that throw {@link Unanswerable#experiment}
     */
    ExperimentSnapshot(long experimentId, int initialCapacity, long maxCells) {
        this.experimentId = experimentId;
        this.maxCells = maxCells;
        this.capacity = Math.max(16, initialCapacity);
        runIds = new String[capacity];
        runNames = new String[capacity];
        statuses = new String[capacity];
        userIds = new String[capacity];
        artifactUris = new String[capacity];
        startTimes = new long[capacity];
        endTimes = new long[capacity];
        hasEndTime = new boolean[capacity];
        deleted = new boolean[capacity];
    }

    /** The row of a run, or -1. */
    int row(String runId) {
        Integer row = rowOf.get(runId);
        return row == null ? -1 : row;
    }

    /** Adds a run without data; returns its row. The run must not be present. */
    int add(RunAttributes run) {
        if (size == capacity) {
            int newCapacity = capacity * 2;
            checkCells((long) newCapacity * (ATTRIBUTE_CELLS + 3L * metrics.size() + params.size() + tags.size()));
            grow(newCapacity);
        }
        int row = size++;
        rowOf.put(run.runId(), row);
        runIds[row] = run.runId();
        setAttributes(row, run);
        return row;
    }

    void setAttributes(int row, RunAttributes run) {
        runNames[row] = run.runName();
        statuses[row] = run.status();
        userIds[row] = run.userId();
        artifactUris[row] = run.artifactUri();
        startTimes[row] = run.startTime();
        hasEndTime[row] = run.endTime() != null;
        endTimes[row] = run.endTime() == null ? 0 : run.endTime();
        deleted[row] = run.deleted();
    }

    /**
     * Makes a point the latest value of its key when it is greater by (step, timestamp, value, NaN) than
     * the current one, as the database does; so merging is order-independent and idempotent.
     */
    void mergeMetric(int row, String key, long step, long timestamp, boolean nan, double storedValue) {
        MetricColumn column = metrics.get(key);
        if (column == null) {
            checkCells(cells() + 3L * capacity);
            column = new MetricColumn(capacity);
            metrics.put(key, column);
        }
        double value = nan ? 0.0 : storedValue + 0.0;   // -0.0 and 0.0 compare equal in the database
        if (column.states[row] != MISSING) {
            int c = Long.compare(step, column.steps[row]);
            if (c == 0) {
                c = Long.compare(timestamp, column.timestamps[row]);
            }
            if (c == 0) {
                c = Double.compare(value, column.values[row]);
            }
            if (c == 0) {
                c = Boolean.compare(nan, column.states[row] == NAN);
            }
            if (c <= 0) {
                return;
            }
        }
        column.values[row] = value;
        column.steps[row] = step;
        column.timestamps[row] = timestamp;
        column.states[row] = nan ? NAN : NUMBER;
    }

    void setParam(int row, String key, String value) {
        column(params, key)[row] = intern(value);
    }

    /** The instance param and tag columns hold for this value, or {@code null} when none holds it. */
    String canonical(String value) {
        return values.get(value);
    }

    private String intern(String value) {
        if (value == null) {
            return null;
        }
        String known = values.putIfAbsent(value, value);
        return known == null ? value : known;
    }

    /** Replaces all tags of a run. */
    void replaceTags(int row, Map<String, String> runTags) {
        for (Map.Entry<String, String[]> column : tags.entrySet()) {
            if (!runTags.containsKey(column.getKey())) {
                column.getValue()[row] = null;
            }
        }
        for (Map.Entry<String, String> tag : runTags.entrySet()) {
            setTag(row, tag.getKey(), tag.getValue());
        }
    }

    void setTag(int row, String key, String value) {
        column(tags, key)[row] = intern(value);
    }

    private String[] column(Map<String, String[]> columns, String key) {
        String[] column = columns.get(key);
        if (column == null) {
            checkCells(cells() + capacity);
            column = new String[capacity];
            columns.put(key, column);
        }
        return column;
    }

    private void checkCells(long cells) {
        if (cells > maxCells) {
            throw Unanswerable.experiment("experiment " + experimentId + " needs more than " + maxCells
                    + " cells");
        }
    }

    /** Cells held, for the memory bound (capacity, so it also counts the slack of grown arrays). */
    long cells() {
        return (long) capacity * (ATTRIBUTE_CELLS + 3L * metrics.size() + params.size() + tags.size())
                + 4L * values.size();
    }

    private void grow(int newCapacity) {
        runIds = Arrays.copyOf(runIds, newCapacity);
        runNames = Arrays.copyOf(runNames, newCapacity);
        statuses = Arrays.copyOf(statuses, newCapacity);
        userIds = Arrays.copyOf(userIds, newCapacity);
        artifactUris = Arrays.copyOf(artifactUris, newCapacity);
        startTimes = Arrays.copyOf(startTimes, newCapacity);
        endTimes = Arrays.copyOf(endTimes, newCapacity);
        hasEndTime = Arrays.copyOf(hasEndTime, newCapacity);
        deleted = Arrays.copyOf(deleted, newCapacity);
        for (MetricColumn column : metrics.values()) {
            column.grow(newCapacity);
        }
        params.replaceAll((k, v) -> Arrays.copyOf(v, newCapacity));
        tags.replaceAll((k, v) -> Arrays.copyOf(v, newCapacity));
        capacity = newCapacity;
    }
}
