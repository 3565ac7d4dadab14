package dev.gyre.server.serving;

import dev.gyre.serving.deploy.Deployment;
import dev.gyre.serving.deploy.DeploymentTarget;
import dev.gyre.store.db.Database;
import dev.gyre.store.db.SqlSupport;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jdbi.v3.core.Handle;

/** The platform's deployments in the metadata store (table {@code deployments}): one row holds one whole state. */
public final class DeploymentStore {

    /**
     * A stored deployment: its state, the version its alias named when last followed ({@code null} for a fixed
     * version), and who created and last changed it, when.
     */
    public record Row(Deployment state, Integer aliasVersion, String createdBy, Instant createdAt, String updatedBy,
                      Instant updatedAt) {
    }

    private static final String COLUMNS = "name, model, alias, version, primary_version, canary_version, canary_percent,"
            + " shadow_version, sticky_header, previous_version, alias_version, created_by, created_at, updated_by, updated_at";

    private final Database database;

    public DeploymentStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /** The database, for changes that write a deployment and its audit record in one transaction. */
    public Database database() {
        return database;
    }

    /** Every stored deployment, by name. */
    public List<Row> list() {
        return database.read("list deployments", h -> h.createQuery("SELECT " + COLUMNS
                + " FROM deployments ORDER BY name").map((rs, ctx) -> row(rs)).list());
    }

    /** One stored deployment. */
    public Optional<Row> find(String name) {
        return database.read("read deployment '" + name + "'", h -> find(h, name));
    }

    /** One stored deployment, through the caller's handle. */
    public Optional<Row> find(Handle h, String name) {
        return h.createQuery("SELECT " + COLUMNS + " FROM deployments WHERE name = :name").bind("name", name)
                .map((rs, ctx) -> row(rs)).findOne();
    }

    /** Inserts a new deployment (the primary key refuses a second one with the same name). */
    public void insert(Handle h, Deployment d, Integer aliasVersion, String actor, Instant at) {
        Instant now = SqlSupport.truncate(at);
        h.createUpdate("INSERT INTO deployments (" + COLUMNS + ") VALUES (:name, :model, :alias, :version, :primary,"
                        + " :canary, :percent, :shadow, :sticky, :previous, :aliasVersion, :by, :at, :by, :at)")
                .bindMap(values(d)).bind("aliasVersion", aliasVersion).bind("by", actor).bind("at", now).execute();
    }

    /** Writes a deployment's new state. */
    public void update(Handle h, Deployment d, Integer aliasVersion, String actor, Instant at) {
        h.createUpdate("UPDATE deployments SET model = :model, alias = :alias, version = :version,"
                        + " primary_version = :primary, canary_version = :canary, canary_percent = :percent,"
                        + " shadow_version = :shadow, sticky_header = :sticky, previous_version = :previous,"
                        + " alias_version = :aliasVersion, updated_by = :by, updated_at = :at WHERE name = :name")
                .bindMap(values(d)).bind("aliasVersion", aliasVersion).bind("by", actor)
                .bind("at", SqlSupport.truncate(at)).execute();
    }

    /** Deletes a deployment. */
    public void delete(Handle h, String name) {
        h.createUpdate("DELETE FROM deployments WHERE name = :name").bind("name", name).execute();
    }

    private static java.util.Map<String, Object> values(Deployment d) {
        java.util.Map<String, Object> v = new java.util.HashMap<>();
        v.put("name", d.name());
        v.put("model", d.target().model());
        v.put("alias", d.target().alias());
        v.put("version", d.target().version());
        v.put("primary", d.primaryVersion());
        v.put("canary", d.canary().map(Deployment.Canary::version).orElse(null));
        v.put("percent", d.canary().map(Deployment.Canary::percent).orElse(null));
        v.put("shadow", d.shadowVersion().isPresent() ? d.shadowVersion().getAsInt() : null);
        v.put("sticky", d.stickyKey().orElse(null));
        v.put("previous", d.previousVersion().isPresent() ? d.previousVersion().getAsInt() : null);
        return v;
    }

    private static Row row(ResultSet rs) throws SQLException {
        String alias = rs.getString("alias");
        DeploymentTarget target = alias != null ? DeploymentTarget.alias(rs.getString("model"), alias)
                : DeploymentTarget.version(rs.getString("model"), rs.getInt("version"));
        Integer canary = nullableInt(rs, "canary_version");
        Integer shadow = nullableInt(rs, "shadow_version");
        Integer previous = nullableInt(rs, "previous_version");
        Deployment state = new Deployment(rs.getString("name"), target, rs.getInt("primary_version"),
                canary == null ? Optional.empty() : Optional.of(new Deployment.Canary(canary, rs.getInt("canary_percent"))),
                shadow == null ? OptionalInt.empty() : OptionalInt.of(shadow),
                Optional.ofNullable(rs.getString("sticky_header")),
                previous == null ? OptionalInt.empty() : OptionalInt.of(previous));
        return new Row(state, nullableInt(rs, "alias_version"), rs.getString("created_by"), SqlSupport.instant(rs, "created_at"),
                rs.getString("updated_by"), SqlSupport.instant(rs, "updated_at"));
    }

    private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}
