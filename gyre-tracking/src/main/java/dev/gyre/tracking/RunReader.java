package dev.gyre.tracking;

import dev.gyre.tracking.internal.MetricRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import dev.gyre.store.db.Dialect;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * Reads whole runs (info, latest metrics, params, tags and dataset inputs) in a few statements per
 * chunk of run ids, as searches and single-run reads return them.
 *
 * <p>On PostgreSQL the per-run tables are read through one parameterised primary-key lookup per run
 * (a {@code LATERAL} subquery over the unnested ids, kept from being flattened by {@code OFFSET 0}),
 * so the plan stays an index lookup even where the tables have never been analysed; an {@code IN}
 * list there can turn into a scan of the whole table.
 */
final class RunReader {

    /** The columns of {@code runs} that make a {@link RunInfo}. */
    static final String RUN_COLUMNS = "run_uuid, experiment_id, run_name, user_id, status, start_time,"
            + " end_time, lifecycle_stage, artifact_uri";

    private static final int LOAD_CHUNK = 500;

    private RunReader() {
    }

    /**
     * {@code SELECT <columns> FROM <rows of table for the ids> ORDER BY <order>}, reading the table as
     * {@code t}; binds the ids.
     */
    private static Query perRun(Handle handle, Dialect dialect, String columns, String table, String order,
                                List<String> ids) {
        if (dialect == Dialect.POSTGRES) {
            return handle.createQuery("SELECT " + columns + " FROM unnest(CAST(:ids AS varchar[])) AS page(id)"
                            + " CROSS JOIN LATERAL (SELECT * FROM " + table + " x WHERE x.run_uuid = page.id OFFSET 0) t"
                            + " ORDER BY " + order)
                    .bind("ids", ids.toArray(new String[0]));
        }
        return handle.createQuery("SELECT " + columns + " FROM " + table + " t WHERE t.run_uuid IN (<ids>)"
                        + " ORDER BY " + order)
                .bindList("ids", ids);
    }


    /** Full runs for the ids, in the order of the ids; unknown ids are left out. */
    static List<Run> loadRuns(Handle handle, Dialect dialect, List<String> runIds) {
        List<Run> result = new ArrayList<>(runIds.size());
        for (int from = 0; from < runIds.size(); from += LOAD_CHUNK) {
            List<String> chunk = runIds.subList(from, Math.min(runIds.size(), from + LOAD_CHUNK));
            Map<String, RunInfo> infos = new HashMap<>();
            List<String> withInputs = new ArrayList<>();
            handle.createQuery("SELECT " + RUN_COLUMNS + ", EXISTS (SELECT 1 FROM inputs i WHERE i.run_uuid"
                            + " = runs.run_uuid) AS has_inputs FROM runs WHERE run_uuid IN (<ids>)")
                    .bindList("ids", chunk)
                    .map((rs, ctx) -> {
                        if (rs.getBoolean("has_inputs")) {
                            withInputs.add(rs.getString("run_uuid"));
                        }
                        return runInfo(rs);
                    })
                    .forEach(info -> infos.put(info.runId(), info));
            Map<String, List<Metric>> metrics = new HashMap<>();
            perRun(handle, dialect, "t.run_uuid, t.metric_key, t.metric_value, t.timestamp_ms, t.step, t.is_nan",
                    "latest_metrics", "t.run_uuid, t.metric_key", chunk)
                    .map((rs, ctx) -> Map.entry(rs.getString("run_uuid"), MetricRow.read(rs).metric()))
                    .forEach(e -> metrics.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            Map<String, List<Param>> params = new HashMap<>();
            perRun(handle, dialect, "t.run_uuid, t.param_key, t.param_value", "params", "t.run_uuid, t.param_key", chunk)
                    .map((rs, ctx) -> Map.entry(rs.getString(1), new Param(rs.getString(2), rs.getString(3))))
                    .forEach(e -> params.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            Map<String, List<RunTag>> tags = new HashMap<>();
            perRun(handle, dialect, "t.run_uuid, t.tag_key, t.tag_value", "tags", "t.run_uuid, t.tag_key", chunk)
                    .map((rs, ctx) -> Map.entry(rs.getString(1), new RunTag(rs.getString(2), rs.getString(3))))
                    .forEach(e -> tags.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            Map<String, List<DatasetInput>> inputs = withInputs.isEmpty() ? Map.of() : loadInputs(handle, withInputs);
            for (String id : chunk) {
                RunInfo info = infos.get(id);
                if (info == null) {
                    continue;
                }
                result.add(new Run(info,
                        new RunData(sortedByKey(metrics.getOrDefault(id, List.of()), Metric::key),
                                sortedByKey(params.getOrDefault(id, List.of()), Param::key),
                                sortedByKey(tags.getOrDefault(id, List.of()), RunTag::key)),
                        new RunInputs(inputs.getOrDefault(id, List.of()))));
            }
        }
        return result;
    }

    private static Map<String, List<DatasetInput>> loadInputs(Handle handle, List<String> runIds) {
        record InputRow(long inputId, String runId, Dataset dataset) {
        }
        List<InputRow> rows = handle.createQuery("SELECT i.input_id, i.run_uuid, d.name, d.digest, d.source_type,"
                        + " d.source, d.schema_json, d.profile_json FROM inputs i JOIN datasets d"
                        + " ON d.dataset_id = i.dataset_id WHERE i.run_uuid IN (<ids>) ORDER BY i.run_uuid, i.input_id")
                .bindList("ids", runIds)
                .map((rs, ctx) -> new InputRow(rs.getLong(1), rs.getString(2), new Dataset(rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8))))
                .list();
        Map<String, List<DatasetInput>> result = new HashMap<>();
        if (rows.isEmpty()) {
            return result;
        }
        Map<Long, List<InputTag>> tags = new HashMap<>();
        List<Long> inputIds = rows.stream().map(InputRow::inputId).toList();
        handle.createQuery("SELECT input_id, tag_key, tag_value FROM input_tags WHERE input_id IN (<ids>)"
                        + " ORDER BY input_id, tag_key")
                .bindList("ids", inputIds)
                .map((rs, ctx) -> Map.entry(rs.getLong(1), new InputTag(rs.getString(2), rs.getString(3))))
                .forEach(e -> tags.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        for (InputRow row : rows) {
            result.computeIfAbsent(row.runId(), k -> new ArrayList<>())
                    .add(new DatasetInput(tags.getOrDefault(row.inputId(), List.of()), row.dataset()));
        }
        return result;
    }

    private static <T> List<T> sortedByKey(List<T> items, Function<T, String> key) {
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing(key));
        return sorted;
    }

    private static RunInfo runInfo(ResultSet rs) throws SQLException {
        long end = rs.getLong("end_time");
        Long endTime = rs.wasNull() ? null : end;
        return new RunInfo(rs.getString("run_uuid"), rs.getString("run_name"),
                Long.toString(rs.getLong("experiment_id")), rs.getString("user_id"),
                RunStatus.parse(rs.getString("status")), rs.getLong("start_time"), endTime,
                rs.getString("artifact_uri"), LifecycleStage.parse(rs.getString("lifecycle_stage")));
    }
}
