package dev.gyre.server.monitoring;

import dev.gyre.monitoring.alert.AlertEvent;
import dev.gyre.store.db.Database;
import dev.gyre.store.db.SqlSupport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The stored monitoring windows and alert events (tables {@code monitoring_windows} and
 * {@code monitoring_alert_events}).
 */
public final class WindowStore implements WindowSink {
    private final Database database;

    public WindowStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /**
     * One source's partial profile of a deployment version's window.
     *
     * @param windowStart the window's start, epoch milliseconds
     * @param windowMs    the window's length, milliseconds
     * @param lastSeen    the time of the latest record in the row, epoch milliseconds
     * @param latency     the latency sketch image (KLL doubles, milliseconds), or {@code null}
     * @param profile     the monitoring profile image ({@code DatasetProfile.toBytes()})
     */
    public record Row(String deployment, String model, String version, long windowStart, long windowMs, String source, long rows,
                      long outliers, long outlierChecked, long lastSeen, byte[] latency, byte[] profile) {
    }

    /** Writes (replaces) one source's row of a window. */
    @Override
    public void save(Row row) {
        database.change("save monitoring window of '" + row.deployment() + "'", h -> {
            h.createUpdate("DELETE FROM monitoring_windows WHERE deployment = :d AND model_version = :v"
                            + " AND window_start = :s AND source = :src")
                    .bind("d", row.deployment()).bind("v", row.version()).bind("s", row.windowStart())
                    .bind("src", row.source()).execute();
            h.createUpdate("INSERT INTO monitoring_windows (deployment, model, model_version, window_start, window_ms,"
                            + " source, rows_profiled, outliers, outlier_checked, last_seen, latency, profile, updated_at)"
                            + " VALUES (:d, :m, :v, :s, :ms, :src, :rows, :outliers, :checked, :last, :latency, :profile,"
                            + " :at)")
                    .bind("d", row.deployment()).bind("m", row.model()).bind("v", row.version()).bind("s", row.windowStart())
                    .bind("ms", row.windowMs()).bind("src", row.source()).bind("rows", row.rows())
                    .bind("outliers", row.outliers()).bind("checked", row.outlierChecked()).bind("last", row.lastSeen())
                    .bind("latency", row.latency()).bind("profile", row.profile())
                    .bind("at", SqlSupport.truncate(Instant.now())).execute();
            return null;
        });
    }

    /**
     * The rows of a deployment whose window starts in [from, to), oldest first.
     *
     * @param version the model version, or {@code null} for every version
     */
    public List<Row> list(String deployment, String version, Instant from, Instant to) {
        return database.read("read monitoring windows of '" + deployment + "'", h -> h.createQuery(
                        "SELECT deployment, model, model_version, window_start, window_ms, source, rows_profiled,"
                                + " outliers, outlier_checked, last_seen, latency, profile FROM monitoring_windows"
                                + " WHERE deployment = :d"
                                + (version == null ? "" : " AND model_version = :v")
                                + " AND window_start >= :from AND window_start < :to ORDER BY window_start, source")
                .bind("d", deployment).bind("v", version).bind("from", from.toEpochMilli()).bind("to", to.toEpochMilli())
                .map((rs, ctx) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getLong(5), rs.getString(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
                        rs.getBytes(11), rs.getBytes(12)))
                .list());
    }

    /**
     * The model and version that answered a deployment's latest stored record, if it has any windows (e.g. a
     * standalone server's).
     */
    public java.util.Optional<String[]> latestModel(String deployment) {
        return database.read("read monitoring windows of '" + deployment + "'", h -> h.createQuery(
                        "SELECT model, model_version FROM monitoring_windows WHERE deployment = :d"
                                + " ORDER BY last_seen DESC, LENGTH(model_version) DESC, model_version DESC LIMIT 1")
                .bind("d", deployment)
                .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)}).findOne());
    }

    /** Deletes windows that started before {@code cutoff}; returns how many rows went. */
    public int deleteBefore(Instant cutoff) {
        return database.change("delete old monitoring windows", h -> h.createUpdate(
                "DELETE FROM monitoring_windows WHERE window_start < :c").bind("c", cutoff.toEpochMilli()).execute());
    }

    /**
     * Takes or renews the lease {@code name} for {@code holder} until {@code now + ttl}: granted when nobody holds it,
     * when the holder already holds it, or when the other holder's lease has expired.
     *
     * @return whether {@code holder} holds the lease now
     */
    public boolean tryLease(String name, String holder, Instant now, java.time.Duration ttl) {
        long nowMs = now.toEpochMilli();
        long until = now.plus(ttl).toEpochMilli();
        boolean exists = database.read("read lease '" + name + "'", h -> h.createQuery(
                "SELECT COUNT(*) FROM monitoring_lease WHERE name = :n").bind("n", name).mapTo(Long.class).one() > 0);
        if (!exists) {
            try {
                database.change("take lease '" + name + "'", h -> h.createUpdate(
                                "INSERT INTO monitoring_lease (name, holder, expires_at) VALUES (:n, :h, :u)")
                        .bind("n", name).bind("h", holder).bind("u", until).execute());
                return true;
            } catch (RuntimeException e) {
                if (!SqlSupport.hasSqlState(e, SqlSupport.UNIQUE_VIOLATION)) {
                    throw e;
                }
                // another replica created it first: compete below like for an existing lease
            }
        }
        return database.change("renew lease '" + name + "'", h -> h.createUpdate(
                        "UPDATE monitoring_lease SET holder = :h, expires_at = :u WHERE name = :n"
                                + " AND (holder = :h OR expires_at < :now)")
                .bind("n", name).bind("h", holder).bind("u", until).bind("now", nowMs).execute()) == 1;
    }

    /** Gives the lease up if {@code holder} holds it (a replica stopping), so another takes it at once. */
    public void releaseLease(String name, String holder) {
        database.change("release lease '" + name + "'", h -> h.createUpdate(
                "DELETE FROM monitoring_lease WHERE name = :n AND holder = :h").bind("n", name).bind("h", holder)
                .execute());
    }

    /** Records an alert event (once: a second record of the same event is ignored). */
    public void saveEvent(AlertEvent e) {
        database.change("record alert event", h -> {
            boolean known = h.createQuery("SELECT COUNT(*) FROM monitoring_alert_events WHERE id = :id")
                    .bind("id", e.id()).mapTo(Long.class).one() > 0;
            if (!known) {
                h.createUpdate("INSERT INTO monitoring_alert_events (id, deployment, rule, metric, kind, comparison,"
                                + " threshold, observed, severity, since, at) VALUES (:id, :d, :rule, :metric, :kind, :cmp,"
                                + " :threshold, :value, :severity, :since, :at)")
                        .bind("id", e.id()).bind("d", e.deployment()).bind("rule", e.rule()).bind("metric", e.metric())
                        .bind("kind", e.kind().name().toLowerCase()).bind("cmp", e.comparison().symbol())
                        .bind("threshold", e.threshold()).bind("value", e.value())
                        .bind("severity", e.severity().name().toLowerCase())
                        .bind("since", SqlSupport.truncate(e.since())).bind("at", SqlSupport.truncate(e.at())).execute();
            }
            return null;
        });
    }

    /**
     * Alert events, newest first.
     *
     * @param deployment only this deployment's, or {@code null} for all
     * @param limit      at most this many
     */
    public List<Map<String, Object>> events(String deployment, int limit) {
        return database.read("list alert events", h -> h.createQuery(
                        "SELECT id, deployment, rule, metric, kind, comparison, threshold, observed, severity, since, at"
                                + " FROM monitoring_alert_events" + (deployment == null ? "" : " WHERE deployment = :d")
                                + " ORDER BY at DESC, id DESC LIMIT :limit")
                .bind("d", deployment).bind("limit", limit)
                .map((rs, ctx) -> {
                    Map<String, Object> m = new java.util.LinkedHashMap<>();
                    m.put("id", rs.getString(1));
                    m.put("deployment", rs.getString(2));
                    m.put("rule", rs.getString(3));
                    m.put("metric", rs.getString(4));
                    m.put("status", rs.getString(5));
                    m.put("comparison", rs.getString(6));
                    m.put("threshold", rs.getDouble(7));
                    m.put("value", rs.getDouble(8));
                    m.put("severity", rs.getString(9));
                    m.put("since", SqlSupport.instant(rs, "since").toString());
                    m.put("at", SqlSupport.instant(rs, "at").toString());
                    return m;
                }).list());
    }
}
