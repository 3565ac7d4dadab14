package dev.gyre.tracking;

import dev.gyre.store.db.Dialect;
import dev.gyre.tracking.internal.MetricRow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Update;

/**
 * Writes metric points of one or more runs, whose rows the caller has locked: appends them to the
 * histories (an identical point again is collapsed) and raises each key's latest value to the greatest
 * point by (step, timestamp, value, NaN), in multi-row statements. On PostgreSQL the latest values are
 * one {@code INSERT … ON CONFLICT DO UPDATE … WHERE} greater; on H2, which has no such upsert, they
 * are read, compared and written in batches.
 */
final class MetricStatements {

    /** Rows per multi-row statement (6 parameters each, well under the drivers' limits). */
    private static final int ROWS_PER_STATEMENT = 1000;

    private MetricStatements() {
    }

    /** The points of one call: distinct points, and the greatest point per key. */
    record Points(Set<MetricRow> history, Map<String, MetricRow> latest) {

        static Points of(List<Metric> metrics) {
            Set<MetricRow> history = new LinkedHashSet<>();
            Map<String, MetricRow> latest = new LinkedHashMap<>();
            for (Metric metric : metrics) {
                MetricRow row = MetricRow.of(metric);
                history.add(row);
                latest.merge(row.key(), row, (a, b) -> b.compareTo(a) > 0 ? b : a);
            }
            return new Points(history, latest);
        }
    }

    /** Writes the points of each run (run id → its calls' points). */
    static void write(Handle handle, Dialect dialect, Map<String, List<Points>> byRun) {
        List<Object[]> history = new ArrayList<>();
        // (run, key) in order, so that concurrent writers lock latest rows in the same order
        TreeMap<String, TreeMap<String, MetricRow>> latest = new TreeMap<>();
        for (Map.Entry<String, List<Points>> run : byRun.entrySet()) {
            Set<MetricRow> distinct = new LinkedHashSet<>();
            TreeMap<String, MetricRow> best = latest.computeIfAbsent(run.getKey(), k -> new TreeMap<>());
            for (Points points : run.getValue()) {
                distinct.addAll(points.history());
                points.latest().forEach((key, row) -> best.merge(key, row, (a, b) -> b.compareTo(a) > 0 ? b : a));
            }
            for (MetricRow row : distinct) {
                history.add(new Object[] {run.getKey(), row.key(), row.step(), row.timestamp(), row.isNan(),
                        row.storedValue()});
            }
        }
        insertHistory(handle, history);
        if (dialect == Dialect.POSTGRES) {
            upsertLatest(handle, latest);
        } else {
            mergeLatest(handle, latest);
        }
    }

    private static void insertHistory(Handle handle, List<Object[]> rows) {
        for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
            List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT));
            bindRows(handle.createUpdate(multiRow("INSERT INTO metrics (run_uuid, metric_key, step, timestamp_ms,"
                    + " is_nan, metric_value) VALUES ", chunk.size()) + " ON CONFLICT DO NOTHING"), chunk).execute();
        }
    }

    private static void upsertLatest(Handle handle, TreeMap<String, TreeMap<String, MetricRow>> latest) {
        List<Object[]> rows = new ArrayList<>();
        latest.forEach((run, keys) -> keys.values().forEach(row -> rows.add(new Object[] {run, row.key(),
                row.storedValue(), row.timestamp(), row.step(), row.isNan()})));
        for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
            List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT));
            bindRows(handle.createUpdate(multiRow("INSERT INTO latest_metrics AS l (run_uuid, metric_key,"
                    + " metric_value, timestamp_ms, step, is_nan) VALUES ", chunk.size())
                    + " ON CONFLICT (run_uuid, metric_key) DO UPDATE SET metric_value = EXCLUDED.metric_value,"
                    + " timestamp_ms = EXCLUDED.timestamp_ms, step = EXCLUDED.step, is_nan = EXCLUDED.is_nan"
                    + " WHERE (EXCLUDED.step, EXCLUDED.timestamp_ms, EXCLUDED.metric_value, EXCLUDED.is_nan)"
                    + " > (l.step, l.timestamp_ms, l.metric_value, l.is_nan)"), chunk).execute();
        }
    }

    private static void mergeLatest(Handle handle, TreeMap<String, TreeMap<String, MetricRow>> latest) {
        Set<String> keys = new LinkedHashSet<>();
        latest.values().forEach(byKey -> keys.addAll(byKey.keySet()));
        Map<String, Map<String, MetricRow>> current = new HashMap<>();
        handle.createQuery("SELECT run_uuid, metric_key, metric_value, timestamp_ms, step, is_nan FROM latest_metrics"
                        + " WHERE run_uuid IN (<runs>) AND metric_key IN (<keys>)")
                .bindList("runs", new ArrayList<>(latest.keySet()))
                .bindList("keys", new ArrayList<>(keys))
                .map((rs, ctx) -> Map.entry(rs.getString("run_uuid"), MetricRow.read(rs)))
                .forEach(e -> current.computeIfAbsent(e.getKey(), k -> new HashMap<>()).put(e.getValue().key(),
                        e.getValue()));
        PreparedBatch insert = handle.prepareBatch("INSERT INTO latest_metrics (run_uuid, metric_key, metric_value,"
                + " timestamp_ms, step, is_nan) VALUES (:run, :key, :value, :ts, :step, :nan)");
        PreparedBatch update = handle.prepareBatch("UPDATE latest_metrics SET metric_value = :value,"
                + " timestamp_ms = :ts, step = :step, is_nan = :nan WHERE run_uuid = :run AND metric_key = :key");
        int inserts = 0;
        int updates = 0;
        for (Map.Entry<String, TreeMap<String, MetricRow>> run : latest.entrySet()) {
            Map<String, MetricRow> existing = current.getOrDefault(run.getKey(), Map.of());
            for (MetricRow row : run.getValue().values()) {
                MetricRow old = existing.get(row.key());
                PreparedBatch target;
                if (old == null) {
                    target = insert;
                    inserts++;
                } else if (row.compareTo(old) > 0) {
                    target = update;
                    updates++;
                } else {
                    continue;
                }
                target.bind("run", run.getKey()).bind("key", row.key()).bind("value", row.storedValue())
                        .bind("ts", row.timestamp()).bind("step", row.step()).bind("nan", row.isNan()).add();
            }
        }
        if (inserts > 0) {
            insert.execute();
        }
        if (updates > 0) {
            update.execute();
        }
    }

    private static String multiRow(String head, int rows) {
        StringBuilder sql = new StringBuilder(head.length() + rows * 20).append(head);
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "(?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?)");
        }
        return sql.toString();
    }

    private static Update bindRows(Update update, Collection<Object[]> rows) {
        int position = 0;
        for (Object[] row : rows) {
            for (Object value : row) {
                update.bind(position++, value);
            }
        }
        return update;
    }
}
