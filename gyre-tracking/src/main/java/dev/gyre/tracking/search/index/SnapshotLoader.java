package dev.gyre.tracking.search.index;

import dev.gyre.store.db.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * Reads what the index holds from the database: a whole experiment, or one run's attributes and tags.
 * Reads committed data with plain statements; the index reconciles them with writes that commit
 * meanwhile (see {@link SearchIndex}).
 */
final class SnapshotLoader {

    private static final int FETCH_SIZE = 10_000;
    private static final Pattern HEX_RUN_ID = Pattern.compile("[0-9a-f]+");
    private static final String RUN_COLUMNS = "run_uuid, run_name, user_id, status, start_time, end_time,"
            + " lifecycle_stage, artifact_uri";

    private final Database database;

    SnapshotLoader(Database database) {
        this.database = database;
    }

    /**
     * The snapshot of an experiment's runs.
     *
     * @param semantics how the database orders strings; under an order the index cannot reproduce, run
     *                  ids must be lower-case hex (as the service makes them) for the tie-break by run id
     * @return the snapshot, or {@code null} when the experiment does not exist
     * @throws Unanswerable when it has more than {@code maxRuns} runs, needs more than {@code maxCells}
     *                      cells, or holds a run the index cannot hold
     */
    ExperimentSnapshot load(long experimentId, int maxRuns, long maxCells, StringSemantics semantics) {
        return database.jdbi().inTransaction(handle -> {
            long runs = handle.createQuery("SELECT COUNT(*) FROM runs WHERE experiment_id = :id")
                    .bind("id", experimentId).mapTo(Long.class).one();
            if (runs == 0 && handle.createQuery("SELECT COUNT(*) FROM experiments WHERE experiment_id = :id")
                    .bind("id", experimentId).mapTo(Long.class).one() == 0) {
                return null;
            }
            if (runs > maxRuns) {
                throw Unanswerable.experiment("experiment " + experimentId + " has " + runs + " runs, over the cap of "
                        + maxRuns);
            }
            ExperimentSnapshot snapshot = new ExperimentSnapshot(experimentId, (int) runs + 16, maxCells);
            handle.createQuery("SELECT " + RUN_COLUMNS + " FROM runs WHERE experiment_id = :id")
                    .bind("id", experimentId).setFetchSize(FETCH_SIZE)
                    .map((rs, ctx) -> attributes(rs))
                    .forEach(run -> {
                        check(run, semantics);
                        if (snapshot.row(run.runId()) < 0) {
                            snapshot.add(run);
                        }
                    });
            if (snapshot.size > maxRuns) {
                throw Unanswerable.experiment("experiment " + experimentId + " grew over the cap while loading");
            }
            handle.createQuery("SELECT m.run_uuid, m.metric_key, m.metric_value, m.timestamp_ms, m.step, m.is_nan"
                            + " FROM latest_metrics m JOIN runs r ON r.run_uuid = m.run_uuid WHERE r.experiment_id = :id")
                    .bind("id", experimentId).setFetchSize(FETCH_SIZE)
                    .scanResultSet((supplier, ctx) -> {
                        ResultSet rs = supplier.get();
                        while (rs.next()) {
                            int row = snapshot.row(rs.getString(1));
                            if (row >= 0) {
                                snapshot.mergeMetric(row, rs.getString(2), rs.getLong(5), rs.getLong(4),
                                        rs.getBoolean(6), rs.getDouble(3));
                            }
                        }
                        return null;
                    });
            readStrings(handle, "SELECT p.run_uuid, p.param_key, p.param_value FROM params p JOIN runs r"
                    + " ON r.run_uuid = p.run_uuid WHERE r.experiment_id = :id", experimentId, snapshot, false);
            readStrings(handle, "SELECT t.run_uuid, t.tag_key, t.tag_value FROM tags t JOIN runs r"
                    + " ON r.run_uuid = t.run_uuid WHERE r.experiment_id = :id", experimentId, snapshot, true);
            return snapshot;
        });
    }

    /** A run's current attributes and tags, or empty when it does not exist. */
    Optional<RunState> loadRun(String runId) {
        return database.jdbi().withHandle(handle -> {
            Optional<RunAttributes> attributes = handle.createQuery("SELECT " + RUN_COLUMNS
                            + " FROM runs WHERE run_uuid = :id")
                    .bind("id", runId).map((rs, ctx) -> attributes(rs)).findOne();
            if (attributes.isEmpty()) {
                return Optional.empty();
            }
            Map<String, String> tags = new LinkedHashMap<>();
            handle.createQuery("SELECT tag_key, tag_value FROM tags WHERE run_uuid = :id")
                    .bind("id", runId)
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                    .forEach(e -> tags.put(e.getKey(), e.getValue()));
            return Optional.of(new RunState(attributes.get(), tags));
        });
    }

    /** A run's attributes and its tags. */
    record RunState(RunAttributes attributes, Map<String, String> tags) {
    }

    /** Refuses runs the index could not order like the database. */
    static void check(RunAttributes run, StringSemantics semantics) {
        if (semantics.order() == null && !HEX_RUN_ID.matcher(run.runId()).matches()) {
            throw Unanswerable.experiment("run id " + run.runId() + " cannot be ordered like the database does");
        }
    }

    private static void readStrings(Handle handle, String sql, long experimentId, ExperimentSnapshot snapshot,
                                    boolean tags) {
        handle.createQuery(sql).bind("id", experimentId).setFetchSize(FETCH_SIZE)
                .scanResultSet((supplier, ctx) -> {
                    ResultSet rs = supplier.get();
                    while (rs.next()) {
                        int row = snapshot.row(rs.getString(1));
                        if (row < 0) {
                            continue;
                        }
                        if (tags) {
                            snapshot.setTag(row, rs.getString(2), rs.getString(3));
                        } else {
                            snapshot.setParam(row, rs.getString(2), rs.getString(3));
                        }
                    }
                    return null;
                });
    }

    private static RunAttributes attributes(ResultSet rs) throws SQLException {
        long start = rs.getLong("start_time");
        if (rs.wasNull()) {
            throw Unanswerable.experiment("run " + rs.getString("run_uuid") + " has no start time");
        }
        long end = rs.getLong("end_time");
        Long endTime = rs.wasNull() ? null : end;
        return new RunAttributes(rs.getString("run_uuid"), rs.getString("run_name"), rs.getString("user_id"),
                rs.getString("status"), start, endTime, "deleted".equals(rs.getString("lifecycle_stage")),
                rs.getString("artifact_uri"));
    }
}
