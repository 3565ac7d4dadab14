package dev.gyre.tracking.internal;

import dev.gyre.tracking.Metric;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A metric point as stored: NaN is value 0 with {@code isNan} set. Points are ordered by
 * (step, timestamp, value, isNan); the latest value of a key is its greatest point.
 */
public record MetricRow(String key, long step, long timestamp, boolean isNan, double storedValue)
        implements Comparable<MetricRow> {

    /** The stored form of a metric. */
    public static MetricRow of(Metric metric) {
        boolean nan = Double.isNaN(metric.value());
        return new MetricRow(metric.key(), metric.step(), metric.timestamp(), nan, nan ? 0.0 : metric.value());
    }

    /** Reads the columns {@code metric_key, step, timestamp_ms, is_nan, metric_value}. */
    public static MetricRow read(ResultSet rs) throws SQLException {
        return new MetricRow(rs.getString("metric_key"), rs.getLong("step"), rs.getLong("timestamp_ms"),
                rs.getBoolean("is_nan"), rs.getDouble("metric_value"));
    }

    /** The metric as clients see it. */
    public Metric metric() {
        return new Metric(key, isNan ? Double.NaN : storedValue, timestamp, step);
    }

    @Override
    public int compareTo(MetricRow other) {
        int c = Long.compare(step, other.step);
        if (c == 0) {
            c = Long.compare(timestamp, other.timestamp);
        }
        if (c == 0) {
            c = Double.compare(storedValue, other.storedValue);
        }
        if (c == 0) {
            c = Boolean.compare(isNan, other.isNan);
        }
        return c;
    }
}
