package dev.gyre.tracking.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.core.GyreException;
import dev.gyre.core.auth.User;
import dev.gyre.store.db.SqlSupport;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The SQL of {@link ModelValidation} records, run inside the registry's transactions, and the gate that keeps a
 * version whose newest validation failed a blocking gate away from the production alias.
 */
final class ModelValidations {

    /** Version tags that show the newest validation to MLflow clients. */
    static final String STATUS_TAG = "gyre.validation.status";
    static final String FAILURES_TAG = "gyre.validation.blocking_failures";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<ModelValidation.Gate>> GATES = new TypeReference<>() { };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    private static final String COLUMNS = "v.id, m.name, v.version, v.passed, v.blocking_failures, v.gates, v.back_to,"
            + " v.report_path, v.created_by_name, v.created_at";

    private ModelValidations() {
    }

    static ModelValidation insert(Handle handle, long modelId, int version, ModelValidation.Outcome outcome, User actor,
                                  Instant now) {
        List<String> failures = outcome.blockingFailures();
        long id = handle.createUpdate("INSERT INTO model_validations (model_id, version, passed, blocking_failures, gates,"
                        + " back_to, report_path, created_by, created_by_name, created_at) VALUES (:model, :version, :passed,"
                        + " :failures, :gates, :backTo, :report, :by, :byName, :at)")
                .bind("model", modelId).bind("version", version).bind("passed", failures.isEmpty())
                .bind("failures", write(failures)).bind("gates", write(outcome.gates()))
                .bind("backTo", write(outcome.backTo())).bind("report", outcome.reportPath())
                .bind("by", actor.id()).bind("byName", actor.username()).bind("at", SqlSupport.truncate(now))
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        setTag(handle, modelId, version, STATUS_TAG, failures.isEmpty() ? "passed" : "failed");
        setTag(handle, modelId, version, FAILURES_TAG, String.join(",", failures));
        return handle.createQuery("SELECT " + COLUMNS + " FROM model_validations v JOIN registered_models m"
                        + " ON m.id = v.model_id WHERE v.id = :id")
                .bind("id", id).map(ModelValidations::map).one();
    }

    static Optional<ModelValidation> latest(Handle handle, long modelId, int version) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM model_validations v JOIN registered_models m"
                        + " ON m.id = v.model_id WHERE v.model_id = :model AND v.version = :version"
                        + " ORDER BY v.id DESC LIMIT 1")
                .bind("model", modelId).bind("version", version).map(ModelValidations::map).findOne();
    }

    static List<ModelValidation> all(Handle handle, long modelId, int version) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM model_validations v JOIN registered_models m"
                        + " ON m.id = v.model_id WHERE v.model_id = :model AND v.version = :version ORDER BY v.id DESC")
                .bind("model", modelId).bind("version", version).map(ModelValidations::map).list();
    }

    /** The alias a project serves as production ({@code production} for a model without a project). */
    static String productionAlias(Handle handle, Long projectId) {
        if (projectId == null) {
            return RegistryService.DEFAULT_PRODUCTION_ALIAS;
        }
        return handle.createQuery("SELECT production_alias FROM projects WHERE id = :id").bind("id", projectId)
                .mapTo(String.class).findOne().orElse(RegistryService.DEFAULT_PRODUCTION_ALIAS);
    }

    /**
     * Refuses to point the project's production alias at a version whose newest validation failed a blocking
     * gate. A version never validated is not refused here (MLflow clients register and promote without Gyre's
     * validation); other aliases are never refused.
     *
     * @throws GyreException.Conflict naming the failed gates and where to go back to
     */
    static void checkPromotable(Handle handle, long modelId, Long projectId, String name, int version, String alias) {
        if (!alias.equalsIgnoreCase(productionAlias(handle, projectId))) {
            return;
        }
        Optional<ModelValidation> latest = latest(handle, modelId, version);
        if (latest.isEmpty() || latest.get().passed()) {
            return;
        }
        ModelValidation v = latest.get();
        StringBuilder gates = new StringBuilder();
        for (ModelValidation.Gate gate : v.gates()) {
            if (gate.blocks()) {
                gates.append(gates.length() == 0 ? "" : "; ").append(gate.name())
                        .append(gate.message().isEmpty() ? "" : " (" + gate.message() + ")");
            }
        }
        throw new GyreException.Conflict("Version " + version + " of model '" + name + "' cannot get the alias '"
                + alias + "': its latest validation (" + v.id() + ") failed the blocking gate"
                + (v.blockingFailures().size() == 1 ? " " : "s ") + gates + "."
                + (v.backTo().isEmpty() ? "" : " Go back to " + String.join(" / ", v.backTo()) + ",")
                + " train a new version and validate it.");
    }

    private static void setTag(Handle handle, long modelId, int version, String key, String value) {
        handle.createUpdate("DELETE FROM model_version_tags WHERE model_id = :id AND version = :version AND tag_key = :k")
                .bind("id", modelId).bind("version", version).bind("k", key).execute();
        handle.createUpdate("INSERT INTO model_version_tags (model_id, version, tag_key, tag_value)"
                        + " VALUES (:id, :version, :k, :v)")
                .bind("id", modelId).bind("version", version).bind("k", key).bind("v", value).execute();
    }

    private static ModelValidation map(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws SQLException {
        return new ModelValidation(rs.getLong("id"), rs.getString("name"), rs.getInt("version"), rs.getBoolean("passed"),
                read(rs.getString("blocking_failures"), STRINGS), read(rs.getString("gates"), GATES),
                read(rs.getString("back_to"), STRINGS), rs.getString("report_path"), rs.getString("created_by_name"),
                SqlSupport.instant(rs, "created_at"));
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new GyreException.Internal("Unable to write a validation record as JSON.", e);
        }
    }

    private static <T> T read(String text, TypeReference<T> type) {
        try {
            return JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new GyreException.Internal("Unable to read a stored validation record: it is not valid JSON.", e);
        }
    }
}
