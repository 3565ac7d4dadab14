package dev.gyre.tracking.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.gyre.core.GyreException;
import dev.gyre.core.auth.User;
import dev.gyre.store.db.Database;
import dev.gyre.store.db.SqlSupport;
import dev.gyre.store.db.StoreFailures;
import dev.gyre.tracking.audit.AuditEvent;
import dev.gyre.tracking.audit.AuditSink;
import dev.gyre.tracking.registry.SearchFilter.Clause;
import dev.gyre.tracking.registry.SearchFilter.Op;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.Query;

/**
 * The model registry: the one service behind the native API and the MLflow-compatible REST API.
 *
 * <p>Semantics follow MLflow: model names are unique; versions are numbered from 1 per model, never
 * reused, and allocated atomically even under concurrent registration; an alias names one version and
 * disappears with it; deleting a model deletes its versions, tags, aliases and promotion requests. Every
 * change is one transaction that also writes its audit record.
 *
 * <p><b>Four eyes.</b> The production alias ({@value #DEFAULT_PRODUCTION_ALIAS} unless the caller
 * names another) is never set by {@link #setAlias}: it moves only when a promotion request made by one
 * person is approved by another who holds an approving role ({@link Approvers}). The rule applies to
 * models outside any project too, where {@link Approvers} is asked with a {@code null} project and
 * answers from platform roles. Removing the production alias ({@link #deleteAlias}) is allowed to anyone
 * who may change the model, so that a bad model can be taken out of service at once; it is audited.
 * The deprecated stages are not guarded: serving reads aliases only.
 *
 * <p>Thread-safe. Errors are {@link GyreException}s with MLflow's codes: a missing model or version is
 * {@code RESOURCE_DOES_NOT_EXIST}, a duplicate name {@code RESOURCE_ALREADY_EXISTS}, a bad value
 * {@code INVALID_PARAMETER_VALUE}; an unreachable database is {@link GyreException.NotReady}.
 */
public final class RegistryService {

    /** Longest registered model name. */
    public static final int MAX_MODEL_NAME_LENGTH = 256;
    /** Longest tag key (MLflow's registry limit). */
    public static final int MAX_TAG_KEY_LENGTH = 250;
    /** Longest tag value (MLflow's registry limit). */
    public static final int MAX_TAG_VALUE_LENGTH = 5000;
    /** Longest alias. */
    public static final int MAX_ALIAS_LENGTH = 255;
    /** Longest description, run link, status message or reason. */
    public static final int MAX_TEXT_LENGTH = 5000;
    /** The alias that only an approved promotion moves, unless a call names another. */
    public static final String DEFAULT_PRODUCTION_ALIAS = "production";
    /** Default and largest page of {@link #searchRegisteredModels}. */
    public static final int DEFAULT_MODELS_PAGE = 100;
    public static final int MAX_MODELS_PAGE = 1000;
    /** Default and largest page of {@link #searchModelVersions}. */
    public static final int DEFAULT_VERSIONS_PAGE = 10_000;
    public static final int MAX_VERSIONS_PAGE = 200_000;

    private static final Pattern RESERVED_VERSION_ALIAS = Pattern.compile("[vV]\\d+");
    private static final String MODEL_COLUMNS =
            "id, name, project_id, description, creation_timestamp, last_updated_timestamp, last_version";
    private static final String VERSION_COLUMNS = "v.model_id, m.name, v.version, v.creation_timestamp,"
            + " v.last_updated_timestamp, v.user_id, v.current_stage, v.description, v.source, v.storage_location,"
            + " v.run_id, v.run_link, v.status, v.status_message, v.charter_version, v.git_commit,"
            + " v.dataset_digests, v.created_by";
    private static final String PROMOTION_COLUMNS = "p.id, p.model_id, m.name, p.version, p.alias, p.requested_by,"
            + " p.requested_by_name, p.requested_at, p.reason, p.status, p.decided_by, p.decided_by_name,"
            + " p.decided_at, p.decision_reason";
    private static final ObjectMapper TOKEN_READER = new ObjectMapper();
    private static final TypeReference<List<DatasetInput>> DATASETS = new TypeReference<>() { };

    private final Database database;
    private final SourceResolver sources;
    private final RunLineage runs;
    private final Approvers approvers;
    private final Clock clock;
    private final AuditSink audit;
    private final ObjectMapper json;
    private final List<AliasListener> aliasListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Told after an alias was set, moved or deleted (directly or by an approved promotion), once committed. */
    @FunctionalInterface
    public interface AliasListener {
        /**
         * @param model the registered model
         * @param alias the alias that changed
         */
        void aliasChanged(String model, String alias);
    }

    /**
     * Adds a listener told after every committed alias change. A listener's failure is logged and never fails
     * the change.
     */
    public void addAliasListener(AliasListener listener) {
        aliasListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    private void aliasChanged(String model, String alias) {
        for (AliasListener listener : aliasListeners) {
            try {
                listener.aliasChanged(model, alias);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(RegistryService.class)
                        .warn("An alias listener failed for {}@{}: {}", model, alias, e.toString());
            }
        }
    }

    /**
     * @param database  a migrated metadata database
     * @param sources   resolves and confines version sources
     * @param runs      run facts for lineage
     * @param approvers who may approve promotions
     * @param clock     source of timestamps
     * @param audit     where changes are reported, inside their transaction
     */
    public RegistryService(Database database, SourceResolver sources, RunLineage runs, Approvers approvers,
                           Clock clock, AuditSink audit) {
        this.database = Objects.requireNonNull(database, "database");
        this.sources = Objects.requireNonNull(sources, "sources");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.approvers = Objects.requireNonNull(approvers, "approvers");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.json = new ObjectMapper().registerModule(
                new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance));
    }

    // ---------------------------------------------------------------- registered models

    /**
     * Creates a registered model.
     *
     * @param tags        initial tags, or {@code null}
     * @param description or {@code null}
     * @param projectId   the owning project, or {@code null}
     * @throws GyreException.AlreadyExists if the name is taken
     * @throws GyreException.NotFound      if the project does not exist
     */
    public RegisteredModel createRegisteredModel(String name, Map<String, String> tags, String description,
                                                 Long projectId, User actor) {
        checkModelName(name);
        Map<String, String> checkedTags = checkTags(tags);
        checkText("description", description);
        Objects.requireNonNull(actor, "actor");
        long now = clock.millis();
        try {
            return database.jdbi().inTransaction(handle -> {
                long id = handle.createUpdate("INSERT INTO registered_models (name, project_id, description,"
                                + " creation_timestamp, last_updated_timestamp) VALUES (:name, :project, :description, :now, :now)")
                        .bind("name", name)
                        .bind("project", projectId)
                        .bind("description", description)
                        .bind("now", now)
                        .executeAndReturnGeneratedKeys("id")
                        .mapTo(Long.class)
                        .one();
                for (Map.Entry<String, String> tag : checkedTags.entrySet()) {
                    handle.createUpdate("INSERT INTO registered_model_tags (model_id, tag_key, tag_value) VALUES (:id, :k, :v)")
                            .bind("id", id).bind("k", tag.getKey()).bind("v", tag.getValue()).execute();
                }
                RegisteredModel created = loadModel(handle, findModel(handle, name, false));
                record(handle, projectId, actor, "registered_model.create", "registered_model", name, null, created);
                return created;
            });
        } catch (JdbiException e) {
            if (SqlSupport.hasSqlState(e, SqlSupport.UNIQUE_VIOLATION)) {
                throw new GyreException.AlreadyExists("Registered model '" + name + "' already exists."
                        + " Choose another name, or create a new version of the existing model.");
            }
            if (SqlSupport.hasSqlState(e, SqlSupport.FOREIGN_KEY_VIOLATION)) {
                throw new GyreException.NotFound("Project " + projectId + " does not exist."
                        + " Create the project first, or register the model without a project.");
            }
            throw failure("create registered model '" + name + "'", e);
        }
    }

    /**
     * The registered model with its tags, aliases and latest version per stage.
     *
     * @throws GyreException.NotFound if there is none
     */
    public RegisteredModel getRegisteredModel(String name) {
        return read("read registered model", handle -> loadModel(handle, findModel(handle, name, false)));
    }

    /**
     * Renames a model; its versions, aliases and promotion requests follow.
     *
     * @throws GyreException.NotFound      if the model does not exist
     * @throws GyreException.AlreadyExists if {@code newName} is taken
     */
    public RegisteredModel renameRegisteredModel(String name, String newName, User actor) {
        checkModelName(newName);
        try {
            return database.jdbi().inTransaction(handle -> {
                ModelRow row = findModel(handle, name, true);
                RegisteredModel before = loadModel(handle, row);
                handle.createUpdate("UPDATE registered_models SET name = :newName, last_updated_timestamp = :now WHERE id = :id")
                        .bind("newName", newName).bind("now", clock.millis()).bind("id", row.id()).execute();
                RegisteredModel after = loadModel(handle, findModel(handle, newName, false));
                record(handle, row.projectId(), actor, "registered_model.rename", "registered_model", newName, before, after);
                return after;
            });
        } catch (JdbiException e) {
            if (SqlSupport.hasSqlState(e, SqlSupport.UNIQUE_VIOLATION)) {
                throw new GyreException.AlreadyExists("Registered model '" + newName + "' already exists."
                        + " Choose another new name.");
            }
            throw failure("rename registered model '" + name + "'", e);
        }
    }

    /**
     * Replaces the description ({@code null} clears it).
     *
     * @throws GyreException.NotFound if the model does not exist
     */
    public RegisteredModel updateRegisteredModel(String name, String description, User actor) {
        checkText("description", description);
        return change("update registered model '" + name + "'", handle -> {
            ModelRow row = findModel(handle, name, true);
            RegisteredModel before = loadModel(handle, row);
            handle.createUpdate("UPDATE registered_models SET description = :d, last_updated_timestamp = :now WHERE id = :id")
                    .bind("d", description).bind("now", clock.millis()).bind("id", row.id()).execute();
            RegisteredModel after = loadModel(handle, findModel(handle, name, false));
            record(handle, row.projectId(), actor, "registered_model.update", "registered_model", name, before, after);
            return after;
        });
    }

    /**
     * Deletes the model with all its versions, tags, aliases and promotion requests.
     *
     * @throws GyreException.NotFound if the model does not exist
     */
    public void deleteRegisteredModel(String name, User actor) {
        change("delete registered model '" + name + "'", handle -> {
            ModelRow row = findModel(handle, name, true);
            RegisteredModel before = loadModel(handle, row);
            handle.createUpdate("DELETE FROM registered_models WHERE id = :id").bind("id", row.id()).execute();
            record(handle, row.projectId(), actor, "registered_model.delete", "registered_model", name, before, null);
            return null;
        });
    }

    /**
     * Sets a tag (last write wins).
     *
     * @throws GyreException.NotFound if the model does not exist
     */
    public void setRegisteredModelTag(String name, String key, String value, User actor) {
        checkTag(key, value);
        change("set a tag of registered model '" + name + "'", handle -> {
            ModelRow row = findModel(handle, name, true);
            String old = handle.createQuery("SELECT tag_value FROM registered_model_tags WHERE model_id = :id AND tag_key = :k")
                    .bind("id", row.id()).bind("k", key).mapTo(String.class).findOne().orElse(null);
            if (old == null) {
                handle.createUpdate("INSERT INTO registered_model_tags (model_id, tag_key, tag_value) VALUES (:id, :k, :v)")
                        .bind("id", row.id()).bind("k", key).bind("v", value).execute();
            } else {
                handle.createUpdate("UPDATE registered_model_tags SET tag_value = :v WHERE model_id = :id AND tag_key = :k")
                        .bind("id", row.id()).bind("k", key).bind("v", value).execute();
            }
            record(handle, row.projectId(), actor, "registered_model.set_tag", "registered_model", name,
                    old == null ? null : Map.of(key, old), Map.of(key, value));
            return null;
        });
    }

    /**
     * Deletes a tag.
     *
     * @throws GyreException.NotFound if the model or the tag does not exist
     */
    public void deleteRegisteredModelTag(String name, String key, User actor) {
        change("delete a tag of registered model '" + name + "'", handle -> {
            ModelRow row = findModel(handle, name, true);
            String old = handle.createQuery("SELECT tag_value FROM registered_model_tags WHERE model_id = :id AND tag_key = :k")
                    .bind("id", row.id()).bind("k", key).mapTo(String.class).findOne()
                    .orElseThrow(() -> new GyreException.NotFound("Registered model '" + name + "' has no tag '" + key + "'."));
            handle.createUpdate("DELETE FROM registered_model_tags WHERE model_id = :id AND tag_key = :k")
                    .bind("id", row.id()).bind("k", key).execute();
            record(handle, row.projectId(), actor, "registered_model.delete_tag", "registered_model", name,
                    Map.of(key, old), null);
            return null;
        });
    }

    /**
     * Searches registered models. The filter accepts {@code name = 'x'}, {@code name != 'x'},
     * {@code name LIKE 'pattern'}, {@code name ILIKE 'pattern'} and the same operators on
     * {@code tags.<key>}, joined by {@code AND}. {@code orderBy} items are {@code name},
     * {@code creation_timestamp} or {@code last_updated_timestamp} (alias {@code timestamp}), each
     * optionally followed by {@code ASC}/{@code DESC}; the default is {@code name ASC}.
     *
     * @param maxResults page size, {@code null} for {@value #DEFAULT_MODELS_PAGE}; at most {@value #MAX_MODELS_PAGE}
     * @param pageToken  {@code null} for the first page, else the previous page's token
     * @throws GyreException.InvalidArgument for a malformed filter, order, size or token
     */
    public Page<RegisteredModel> searchRegisteredModels(String filter, Integer maxResults, List<String> orderBy,
                                                        String pageToken) {
        int size = pageSize(maxResults, DEFAULT_MODELS_PAGE, MAX_MODELS_PAGE);
        int offset = decodeToken(pageToken);
        List<Clause> clauses = SearchFilter.parse(filter);
        Comparator<ModelRow> order = modelOrder(orderBy);
        StringBuilder sql = new StringBuilder("SELECT " + MODEL_COLUMNS + " FROM registered_models m WHERE 1 = 1");
        Map<String, Object> binds = new HashMap<>();
        int n = 0;
        for (Clause clause : clauses) {
            String p = "p" + n++;
            if (clause.tag()) {
                sql.append(" AND EXISTS (SELECT 1 FROM registered_model_tags t WHERE t.model_id = m.id AND t.tag_key = :")
                        .append(p).append("k AND ").append(compare("t.tag_value", clause, p, binds, "tag", false)).append(')');
                binds.put(p + "k", clause.key());
            } else if (clause.key().equals("name")) {
                sql.append(" AND ").append(compare("m.name", clause, p, binds, "name", false));
            } else {
                throw new GyreException.InvalidArgument("Invalid search filter key '" + clause.key()
                        + "' for registered models. Use name or tags.<key>.");
            }
        }
        return read("search registered models", handle -> {
            List<ModelRow> rows = handle.createQuery(sql.toString()).bindMap(binds).map(RegistryService::mapModel).list();
            List<ModelRow> sorted = new ArrayList<>(rows);
            sorted.sort(order);
            List<RegisteredModel> items = new ArrayList<>();
            for (ModelRow row : slice(sorted, offset, size)) {
                items.add(loadModel(handle, row));
            }
            return new Page<>(items, offset + size < sorted.size() ? encodeToken(offset + size) : null);
        });
    }

    /**
     * For each requested stage, the newest version in that stage (stages without versions are left
     * out), in the order None, Staging, Production, Archived.
     *
     * @param stages stage names (case-insensitive); {@code null} or empty for all stages
     * @throws GyreException.NotFound        if the model does not exist
     * @throws GyreException.InvalidArgument for an unknown stage
     */
    public List<ModelVersion> getLatestVersions(String name, List<String> stages) {
        List<ModelVersionStage> wanted = new ArrayList<>();
        if (stages == null || stages.isEmpty()) {
            wanted.addAll(List.of(ModelVersionStage.values()));
        } else {
            for (String stage : stages) {
                wanted.add(ModelVersionStage.parse(stage));
            }
        }
        return read("read latest versions", handle -> {
            ModelRow row = findModel(handle, name, false);
            return latestVersions(handle, row).stream().filter(v -> wanted.contains(v.currentStage())).toList();
        });
    }

    // ---------------------------------------------------------------- model versions

    /**
     * Registers a new version of a model. The version number is one more than the highest ever given
     * out for the model, also when several versions are created at the same time. The source is resolved
     * and confined by the {@link SourceResolver}; nothing is fetched. When {@code runId} is absent and the
     * source is {@code runs:/…}, the run id is taken from the source. Lineage (datasets, charter version,
     * git commit) comes from the run. The version is {@link ModelVersionStatus#READY} at once.
     *
     * @param runId   the producing run, or {@code null}
     * @param tags    or {@code null}
     * @param runLink or {@code null}
     * @throws GyreException.NotFound        if the model does not exist
     * @throws GyreException.InvalidArgument if the source is refused, the run does not exist, or a value is too long
     */
    public ModelVersion createModelVersion(String name, String source, String runId, Map<String, String> tags,
                                           String runLink, String description, User actor) {
        Objects.requireNonNull(actor, "actor");
        Map<String, String> checkedTags = checkTags(tags);
        checkText("description", description);
        checkText("run_link", runLink);
        String location = sources.resolve(source).value();
        Optional<String> sourceRun = SourceResolver.runIdOf(source);
        if (runId != null && runId.isBlank()) {
            runId = null;
        }
        if (runId != null && sourceRun.isPresent() && !sourceRun.get().equals(runId)) {
            throw new GyreException.InvalidArgument("run_id '" + runId + "' differs from the run '" + sourceRun.get()
                    + "' named by the source. Omit run_id, or register a source of that run.");
        }
        String effectiveRun = runId != null ? runId : sourceRun.orElse(null);
        RunFacts facts = null;
        if (effectiveRun != null) {
            facts = runs.lookup(effectiveRun).orElseThrow(() -> new GyreException.InvalidArgument("Run '"
                    + effectiveRun + "' does not exist. Register with the id of an existing run, or omit run_id."));
        }
        String digests = facts == null ? null : write(facts.datasets());
        RunFacts run = facts;
        return change("create a version of registered model '" + name + "'", handle -> {
            ModelRow row = findModel(handle, name, true);
            int version = row.lastVersion() + 1;
            long now = clock.millis();
            handle.createUpdate("UPDATE registered_models SET last_version = :v, last_updated_timestamp = :now WHERE id = :id")
                    .bind("v", version).bind("now", now).bind("id", row.id()).execute();
            handle.createUpdate("INSERT INTO model_versions (model_id, version, creation_timestamp, last_updated_timestamp,"
                            + " user_id, current_stage, description, source, storage_location, run_id, run_link, status,"
                            + " charter_version, git_commit, dataset_digests, created_by) VALUES (:id, :version, :now, :now,"
                            + " :user, 'None', :description, :source, :location, :run, :link, 'READY', :charter, :commit,"
                            + " :digests, :createdBy)")
                    .bind("id", row.id()).bind("version", version).bind("now", now)
                    .bind("user", actor.username()).bind("description", description).bind("source", source)
                    .bind("location", location).bind("run", effectiveRun).bind("link", runLink)
                    .bind("charter", run == null ? null : run.charterVersion())
                    .bind("commit", run == null ? null : run.gitCommit())
                    .bind("digests", digests).bind("createdBy", actor.id())
                    .execute();
            for (Map.Entry<String, String> tag : checkedTags.entrySet()) {
                handle.createUpdate("INSERT INTO model_version_tags (model_id, version, tag_key, tag_value)"
                                + " VALUES (:id, :version, :k, :v)")
                        .bind("id", row.id()).bind("version", version).bind("k", tag.getKey()).bind("v", tag.getValue())
                        .execute();
            }
            ModelVersion created = loadVersion(handle, row, version);
            record(handle, row.projectId(), actor, "model_version.create", "model_version", name + "/" + version,
                    null, created);
            return created;
        });
    }

    /**
     * The version with its tags, aliases and lineage.
     *
     * @throws GyreException.NotFound if the model or version does not exist
     */
    public ModelVersion getModelVersion(String name, int version) {
        return read("read model version", handle -> loadVersion(handle, findModel(handle, name, false), version));
    }

    /**
     * Replaces a version's description ({@code null} clears it).
     *
     * @throws GyreException.NotFound if the model or version does not exist
     */
    public ModelVersion updateModelVersion(String name, int version, String description, User actor) {
        checkText("description", description);
        return changeVersion(name, version, actor, "model_version.update", (handle, row) ->
                handle.createUpdate("UPDATE model_versions SET description = :d, last_updated_timestamp = :now"
                                + " WHERE model_id = :id AND version = :version")
                        .bind("d", description).bind("now", clock.millis()).bind("id", row.id()).bind("version", version)
                        .execute());
    }

    /**
     * Deletes a version with its tags, aliases and promotion requests. Its number is not reused.
     *
     * @throws GyreException.NotFound if the model or version does not exist
     */
    public void deleteModelVersion(String name, int version, User actor) {
        change("delete version " + version + " of registered model '" + name + "'", handle -> {
            ModelRow row = findModel(handle, name, true);
            ModelVersion before = loadVersion(handle, row, version);
            handle.createUpdate("DELETE FROM model_versions WHERE model_id = :id AND version = :version")
                    .bind("id", row.id()).bind("version", version).execute();
            handle.createUpdate("UPDATE registered_models SET last_updated_timestamp = :now WHERE id = :id")
                    .bind("now", clock.millis()).bind("id", row.id()).execute();
            record(handle, row.projectId(), actor, "model_version.delete", "model_version", name + "/" + version,
                    before, null);
            return null;
        });
    }

    /**
     * Searches model versions. The filter accepts {@code name} ({@code = != LIKE ILIKE}),
     * {@code run_id} ({@code = != IN NOT IN}), {@code source_path} ({@code = != LIKE ILIKE}),
     * {@code version_number} ({@code = != IN NOT IN}) and {@code tags.<key>} ({@code = != LIKE ILIKE}),
     * joined by {@code AND}. {@code orderBy} items are {@code name}, {@code version_number},
     * {@code creation_timestamp}, {@code last_updated_timestamp} (alias {@code timestamp}), optionally with
     * {@code ASC}/{@code DESC}; the default is {@code name ASC, version_number DESC}.
     *
     * @param maxResults page size, {@code null} for {@value #DEFAULT_VERSIONS_PAGE}; at most {@value #MAX_VERSIONS_PAGE}
     * @throws GyreException.InvalidArgument for a malformed filter, order, size or token
     */
    public Page<ModelVersion> searchModelVersions(String filter, Integer maxResults, List<String> orderBy,
                                                  String pageToken) {
        int size = pageSize(maxResults, DEFAULT_VERSIONS_PAGE, MAX_VERSIONS_PAGE);
        int offset = decodeToken(pageToken);
        Comparator<VersionRow> order = versionOrder(orderBy);
        StringBuilder sql = new StringBuilder("SELECT " + VERSION_COLUMNS
                + " FROM model_versions v JOIN registered_models m ON m.id = v.model_id WHERE 1 = 1");
        Map<String, Object> binds = new HashMap<>();
        int n = 0;
        for (Clause clause : SearchFilter.parse(filter)) {
            String p = "p" + n++;
            if (clause.tag()) {
                sql.append(" AND EXISTS (SELECT 1 FROM model_version_tags t WHERE t.model_id = v.model_id")
                        .append(" AND t.version = v.version AND t.tag_key = :").append(p).append("k AND ")
                        .append(compare("t.tag_value", clause, p, binds, "tag", false)).append(')');
                binds.put(p + "k", clause.key());
                continue;
            }
            String condition = switch (clause.key()) {
                case "name" -> compare("m.name", clause, p, binds, "name", false);
                case "run_id" -> compare("v.run_id", clause, p, binds, "run_id", true);
                case "source_path" -> compare("v.source", clause, p, binds, "source_path", false);
                case "version_number" -> compareVersion(clause, p, binds);
                default -> throw new GyreException.InvalidArgument("Invalid search filter key '" + clause.key()
                        + "' for model versions. Use name, run_id, source_path, version_number or tags.<key>.");
            };
            sql.append(" AND ").append(condition);
        }
        return read("search model versions", handle -> {
            List<VersionRow> rows = new ArrayList<>(handle.createQuery(sql.toString()).bindMap(binds)
                    .map(this::mapVersion).list());
            rows.sort(order);
            List<VersionRow> page = slice(rows, offset, size);
            return new Page<>(withDetails(handle, page), offset + size < rows.size() ? encodeToken(offset + size) : null);
        });
    }

    /**
     * Where clients download the version's files: an {@code mlflow-artifacts:/} URI served by Gyre's
     * artifact proxy (clients never get direct store locations).
     *
     * @throws GyreException.NotFound if the model or version does not exist
     */
    public String getModelVersionDownloadUri(String name, int version) {
        return SourceResolver.downloadUri(getModelVersion(name, version).storageLocation());
    }

    /**
     * Sets a version tag (last write wins).
     *
     * @throws GyreException.NotFound if the model or version does not exist
     */
    public void setModelVersionTag(String name, int version, String key, String value, User actor) {
        checkTag(key, value);
        change("set a tag of model version '" + name + "/" + version + "'", handle -> {
            ModelRow row = findModel(handle, name, true);
            loadVersion(handle, row, version);
            String old = versionTag(handle, row, version, key);
            if (old == null) {
                handle.createUpdate("INSERT INTO model_version_tags (model_id, version, tag_key, tag_value)"
                                + " VALUES (:id, :version, :k, :v)")
                        .bind("id", row.id()).bind("version", version).bind("k", key).bind("v", value).execute();
            } else {
                handle.createUpdate("UPDATE model_version_tags SET tag_value = :v"
                                + " WHERE model_id = :id AND version = :version AND tag_key = :k")
                        .bind("id", row.id()).bind("version", version).bind("k", key).bind("v", value).execute();
            }
            record(handle, row.projectId(), actor, "model_version.set_tag", "model_version", name + "/" + version,
                    old == null ? null : Map.of(key, old), Map.of(key, value));
            return null;
        });
    }

    /**
     * Deletes a version tag.
     *
     * @throws GyreException.NotFound if the model, version or tag does not exist
     */
    public void deleteModelVersionTag(String name, int version, String key, User actor) {
        change("delete a tag of model version '" + name + "/" + version + "'", handle -> {
            ModelRow row = findModel(handle, name, true);
            loadVersion(handle, row, version);
            String old = versionTag(handle, row, version, key);
            if (old == null) {
                throw new GyreException.NotFound("Model version '" + name + "' version " + version
                        + " has no tag '" + key + "'.");
            }
            handle.createUpdate("DELETE FROM model_version_tags WHERE model_id = :id AND version = :version AND tag_key = :k")
                    .bind("id", row.id()).bind("version", version).bind("k", key).execute();
            record(handle, row.projectId(), actor, "model_version.delete_tag", "model_version", name + "/" + version,
                    Map.of(key, old), null);
            return null;
        });
    }

    /**
     * Moves a version to a (deprecated) stage. With {@code archiveExistingVersions}, and a target of
     * Staging or Production, the other versions in that stage move to Archived, as in MLflow.
     *
     * @param stage stage name, case-insensitive
     * @throws GyreException.NotFound        if the model or version does not exist
     * @throws GyreException.InvalidArgument for an unknown stage
     */
    public ModelVersion transitionModelVersionStage(String name, int version, String stage,
                                                    boolean archiveExistingVersions, User actor) {
        ModelVersionStage target = ModelVersionStage.parse(stage);
        return changeVersion(name, version, actor, "model_version.transition_stage", (handle, row) -> {
            long now = clock.millis();
            if (archiveExistingVersions
                    && (target == ModelVersionStage.STAGING || target == ModelVersionStage.PRODUCTION)) {
                handle.createUpdate("UPDATE model_versions SET current_stage = 'Archived', last_updated_timestamp = :now"
                                + " WHERE model_id = :id AND current_stage = :stage AND version <> :version")
                        .bind("now", now).bind("id", row.id()).bind("stage", target.wireName())
                        .bind("version", version).execute();
            }
            handle.createUpdate("UPDATE model_versions SET current_stage = :stage, last_updated_timestamp = :now"
                            + " WHERE model_id = :id AND version = :version")
                    .bind("stage", target.wireName()).bind("now", now).bind("id", row.id()).bind("version", version)
                    .execute();
        });
    }

    // ---------------------------------------------------------------- aliases

    /**
     * Points an alias at a version (moving it if it exists), guarding {@value #DEFAULT_PRODUCTION_ALIAS}.
     *
     * @see #setAlias(String, String, int, User, String)
     */
    public void setAlias(String name, String alias, int version, User actor) {
        setAlias(name, alias, version, actor, DEFAULT_PRODUCTION_ALIAS);
    }

    /**
     * Points an alias at a version, moving it if it already names another one.
     *
     * @param productionAlias the alias that only an approved promotion may set (compared ignoring case)
     * @throws GyreException.PermissionDenied if {@code alias} is the production alias
     * @throws GyreException.InvalidArgument  if the alias is reserved ({@code latest}, {@code v<N>}) or too long
     * @throws GyreException.NotFound         if the model or version does not exist
     */
    public void setAlias(String name, String alias, int version, User actor, String productionAlias) {
        checkAlias(alias);
        Objects.requireNonNull(actor, "actor");
        if (productionAlias != null && alias.equalsIgnoreCase(productionAlias)) {
            throw new GyreException.PermissionDenied("Alias '" + alias + "' of model '" + name
                    + "' needs an approved promotion request: request one with a promotion request for version "
                    + version + " and alias '" + alias + "', then have a second person with an approving role approve it.");
        }
        change("set alias '" + alias + "' of registered model '" + name + "'", handle -> {
            ModelRow row = findModel(handle, name, true);
            moveAlias(handle, row, alias, version, actor);
            return null;
        });
        aliasChanged(name, alias);
    }

    /**
     * Removes an alias. Idempotent: removing an alias that does not exist changes nothing. The
     * production alias may be removed directly (taking a model out of service needs no second person).
     *
     * @throws GyreException.NotFound if the model does not exist
     */
    public void deleteAlias(String name, String alias, User actor) {
        Objects.requireNonNull(alias, "alias");
        change("delete alias '" + alias + "' of registered model '" + name + "'", handle -> {
            ModelRow row = findModel(handle, name, true);
            Optional<Integer> old = aliasVersion(handle, row, alias);
            if (old.isPresent()) {
                handle.createUpdate("DELETE FROM registered_model_aliases WHERE model_id = :id AND alias = :alias")
                        .bind("id", row.id()).bind("alias", alias).execute();
                record(handle, row.projectId(), actor, "alias.delete", "alias", name + "@" + alias,
                        new RegisteredModelAlias(alias, old.get()), null);
            }
            return null;
        });
        aliasChanged(name, alias);
    }

    /**
     * The version an alias names.
     *
     * @throws GyreException.NotFound if the model or alias does not exist
     */
    public ModelVersion getModelVersionByAlias(String name, String alias) {
        return read("read model version by alias", handle -> {
            ModelRow row = findModel(handle, name, false);
            int version = aliasVersion(handle, row, alias).orElseThrow(() -> new GyreException.NotFound(
                    "Registered model '" + name + "' has no alias '" + alias + "'. Set it first, or list the model's aliases."));
            return loadVersion(handle, row, version);
        });
    }

    // ---------------------------------------------------------------- validation results

    /**
     * Records a validation of a version (stage 5) and tags the version with its outcome
     * ({@code gyre.validation.status} = passed/failed, {@code gyre.validation.blocking_failures}). From then on,
     * until a newer validation passes, a failed blocking gate keeps the version from the production alias.
     *
     * @throws GyreException.NotFound if the model or version does not exist
     */
    public ModelValidation recordValidation(String name, int version, ModelValidation.Outcome outcome, User actor) {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(actor, "actor");
        return change("record a validation of version " + version + " of registered model '" + name + "'", handle -> {
            ModelRow row = findModel(handle, name, true);
            loadVersion(handle, row, version);
            ModelValidation recorded = ModelValidations.insert(handle, row.id(), version, outcome, actor, clock.instant());
            record(handle, row.projectId(), actor, "model_version.validate", "model_version", name + "/" + version,
                    null, recorded);
            return recorded;
        });
    }

    /**
     * The validations of a version, newest first (empty when it was never validated).
     *
     * @throws GyreException.NotFound if the model or version does not exist
     */
    public List<ModelValidation> listValidations(String name, int version) {
        return read("list the validations of a model version", handle -> {
            ModelRow row = findModel(handle, name, false);
            loadVersion(handle, row, version);
            return ModelValidations.all(handle, row.id(), version);
        });
    }

    // ---------------------------------------------------------------- four-eyes promotion

    /**
     * Asks for {@code alias} to be pointed at a version; a second person must approve it.
     *
     * @param reason why, or {@code null}
     * @throws GyreException.NotFound        if the model or version does not exist
     * @throws GyreException.InvalidArgument if the alias is reserved or too long
     * @throws GyreException.Conflict        if the alias is the project's production alias and the version's latest
     *                                       validation failed a blocking gate (the message names the gates)
     */
    public PromotionRequest requestPromotion(String name, int version, String alias, String reason, User requester) {
        checkAlias(alias);
        checkText("reason", reason);
        Objects.requireNonNull(requester, "requester");
        return change("request a promotion of registered model '" + name + "'", handle -> {
            ModelRow row = findModel(handle, name, true);
            loadVersion(handle, row, version);
            ModelValidations.checkPromotable(handle, row.id(), row.projectId(), name, version, alias);
            long id = handle.createUpdate("INSERT INTO promotion_requests (model_id, version, alias, requested_by,"
                            + " requested_by_name, requested_at, reason, status) VALUES (:model, :version, :alias, :by,"
                            + " :byName, :at, :reason, 'PENDING')")
                    .bind("model", row.id()).bind("version", version).bind("alias", alias)
                    .bind("by", requester.id()).bind("byName", requester.username())
                    .bind("at", SqlSupport.truncate(clock.instant())).bind("reason", reason)
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            PromotionRequest created = loadPromotion(handle, id, false);
            record(handle, row.projectId(), requester, "promotion.request", "promotion", String.valueOf(id), null, created);
            return created;
        });
    }

    /**
     * Approves a pending request: in one transaction the alias moves to the requested version and the
     * request becomes {@link PromotionStatus#APPROVED}, recording who approved, when and why.
     *
     * @throws GyreException.PermissionDenied if the approver made the request, or holds no approving role
     * @throws GyreException.Conflict         if the request is no longer pending, or it is for the production alias
     *                                        and the version's latest validation failed a blocking gate
     * @throws GyreException.NotFound         if there is no such request
     */
    public PromotionRequest approvePromotion(long requestId, User approver, String reason) {
        PromotionRequest approved = decide(requestId, approver, reason, PromotionStatus.APPROVED);
        aliasChanged(approved.modelName(), approved.alias());
        return approved;
    }

    /**
     * Rejects a pending request; the alias stays where it is.
     *
     * @throws GyreException.PermissionDenied if the approver made the request (cancel it instead), or holds
     *                                        no approving role
     * @throws GyreException.Conflict         if the request is no longer pending
     * @throws GyreException.NotFound         if there is no such request
     */
    public PromotionRequest rejectPromotion(long requestId, User approver, String reason) {
        return decide(requestId, approver, reason, PromotionStatus.REJECTED);
    }

    /**
     * Withdraws a pending request; only its requester may.
     *
     * @throws GyreException.PermissionDenied if {@code requester} did not make the request
     * @throws GyreException.Conflict         if the request is no longer pending
     * @throws GyreException.NotFound         if there is no such request
     */
    public PromotionRequest cancelPromotion(long requestId, User requester) {
        return decide(requestId, requester, null, PromotionStatus.CANCELLED);
    }

    /**
     * The request with this id.
     *
     * @throws GyreException.NotFound if there is none
     */
    public PromotionRequest getPromotion(long requestId) {
        return read("read promotion request", handle -> loadPromotion(handle, requestId, false));
    }

    /**
     * All promotion requests of a model, newest first.
     *
     * @throws GyreException.NotFound if the model does not exist
     */
    public List<PromotionRequest> listPromotions(String name) {
        return read("list promotion requests", handle -> {
            ModelRow row = findModel(handle, name, false);
            return handle.createQuery("SELECT " + PROMOTION_COLUMNS + " FROM promotion_requests p"
                            + " JOIN registered_models m ON m.id = p.model_id WHERE p.model_id = :id ORDER BY p.id DESC")
                    .bind("id", row.id()).map(RegistryService::mapPromotion).list();
        });
    }

    private PromotionRequest decide(long requestId, User actor, String reason, PromotionStatus outcome) {
        Objects.requireNonNull(actor, "actor");
        checkText("reason", reason);
        return change("decide promotion request " + requestId, handle -> {
            // Lock order as everywhere else: the model row first, then the request row.
            PromotionRequest seen = loadPromotion(handle, requestId, false);
            ModelRow row = findModel(handle, seen.modelName(), true);
            PromotionRequest before = loadPromotion(handle, requestId, true);
            if (before.status() != PromotionStatus.PENDING) {
                throw new GyreException.Conflict("Promotion request " + requestId + " is already "
                        + before.status() + "; make a new request to promote again.");
            }
            boolean isRequester = before.requestedById() != null
                    ? before.requestedById() == actor.id()
                    : before.requestedBy().equals(actor.username());
            if (outcome == PromotionStatus.CANCELLED) {
                if (!isRequester) {
                    throw new GyreException.PermissionDenied("Only '" + before.requestedBy()
                            + "', who made promotion request " + requestId + ", may cancel it; reject it instead.");
                }
            } else {
                if (isRequester) {
                    throw new GyreException.PermissionDenied(outcome == PromotionStatus.APPROVED
                            ? "A second person must approve promotion request " + requestId + ": '" + actor.username()
                              + "' made it and cannot approve it. Ask another user with an approving role."
                            : "'" + actor.username() + "' made promotion request " + requestId
                              + " and cannot reject it; cancel it instead.");
                }
                if (!approvers.mayApprove(row.projectId(), actor)) {
                    throw new GyreException.PermissionDenied("User '" + actor.username() + "' may not decide promotion"
                            + " request " + requestId + ": that needs an approving role "
                            + (row.projectId() == null ? "on the platform" : "in project " + row.projectId())
                            + ". Ask a user who holds one.");
                }
            }
            if (outcome == PromotionStatus.APPROVED) {
                // checked again: the version may have been validated (and failed) since the request
                ModelValidations.checkPromotable(handle, row.id(), row.projectId(), row.name(), before.version(),
                        before.alias());
                moveAlias(handle, row, before.alias(), before.version(), actor);
            }
            handle.createUpdate("UPDATE promotion_requests SET status = :status, decided_by = :by,"
                            + " decided_by_name = :byName, decided_at = :at, decision_reason = :reason WHERE id = :id")
                    .bind("status", outcome.name()).bind("by", actor.id()).bind("byName", actor.username())
                    .bind("at", SqlSupport.truncate(clock.instant())).bind("reason", reason).bind("id", requestId)
                    .execute();
            PromotionRequest after = loadPromotion(handle, requestId, false);
            String action = switch (outcome) {
                case APPROVED -> "promotion.approve";
                case REJECTED -> "promotion.reject";
                default -> "promotion.cancel";
            };
            record(handle, row.projectId(), actor, action, "promotion", String.valueOf(requestId), before, after);
            return after;
        });
    }

    // ---------------------------------------------------------------- helpers: rows and loading

    private record ModelRow(long id, String name, Long projectId, String description, long created, long updated,
                            int lastVersion) {
    }

    private record VersionRow(long modelId, ModelVersion version) {
    }

    private static ModelRow mapModel(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws SQLException {
        return new ModelRow(rs.getLong("id"), rs.getString("name"), (Long) rs.getObject("project_id", Long.class),
                rs.getString("description"), rs.getLong("creation_timestamp"), rs.getLong("last_updated_timestamp"),
                rs.getInt("last_version"));
    }

    private VersionRow mapVersion(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws SQLException {
        String digests = rs.getString("dataset_digests");
        List<DatasetInput> datasets;
        try {
            datasets = digests == null ? List.of() : json.readValue(digests, DATASETS);
        } catch (JsonProcessingException e) {
            throw new GyreException.Internal("Unable to read the lineage of a model version: stored dataset"
                    + " digests are not valid JSON.", e);
        }
        String runId = rs.getString("run_id");
        Lineage lineage = new Lineage(runId, datasets, (Integer) rs.getObject("charter_version", Integer.class),
                rs.getString("git_commit"), (Long) rs.getObject("created_by", Long.class));
        ModelVersion version = new ModelVersion(rs.getString("name"), rs.getInt("version"),
                rs.getLong("creation_timestamp"), rs.getLong("last_updated_timestamp"), rs.getString("user_id"),
                ModelVersionStage.parse(rs.getString("current_stage")), rs.getString("description"),
                rs.getString("source"), rs.getString("storage_location"), runId, rs.getString("run_link"),
                ModelVersionStatus.valueOf(rs.getString("status")), rs.getString("status_message"),
                Map.of(), List.of(), lineage);
        return new VersionRow(rs.getLong("model_id"), version);
    }

    private static PromotionRequest mapPromotion(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
            throws SQLException {
        return new PromotionRequest(rs.getLong("id"), rs.getString("name"), rs.getInt("version"), rs.getString("alias"),
                (Long) rs.getObject("requested_by", Long.class), rs.getString("requested_by_name"),
                SqlSupport.instant(rs, "requested_at"), rs.getString("reason"),
                PromotionStatus.valueOf(rs.getString("status")), (Long) rs.getObject("decided_by", Long.class),
                rs.getString("decided_by_name"), SqlSupport.instant(rs, "decided_at"), rs.getString("decision_reason"));
    }

    private static ModelRow findModel(Handle handle, String name, boolean lock) {
        if (name == null) {
            throw new GyreException.InvalidArgument("Registered model name is missing; pass the model's name.");
        }
        return handle.createQuery("SELECT " + MODEL_COLUMNS + " FROM registered_models WHERE name = :name"
                        + (lock ? " FOR UPDATE" : ""))
                .bind("name", name)
                .map(RegistryService::mapModel)
                .findOne()
                .orElseThrow(() -> new GyreException.NotFound("Registered model '" + name + "' does not exist."
                        + " Check the name, or create the model first."));
    }

    private RegisteredModel loadModel(Handle handle, ModelRow row) {
        Map<String, String> tags = new LinkedHashMap<>();
        handle.createQuery("SELECT tag_key, tag_value FROM registered_model_tags WHERE model_id = :id")
                .bind("id", row.id())
                .map((rs, ctx) -> Map.entry(rs.getString("tag_key"), rs.getString("tag_value")))
                .forEach(e -> tags.put(e.getKey(), e.getValue()));
        List<RegisteredModelAlias> aliases = handle.createQuery(
                        "SELECT alias, version FROM registered_model_aliases WHERE model_id = :id")
                .bind("id", row.id())
                .map((rs, ctx) -> new RegisteredModelAlias(rs.getString("alias"), rs.getInt("version")))
                .list().stream()
                .sorted(Comparator.comparing(RegisteredModelAlias::alias, RegistryService::byCodePoint))
                .toList();
        return new RegisteredModel(row.name(), row.projectId(), row.description(), row.created(), row.updated(), tags,
                latestVersions(handle, row), aliases);
    }

    private List<ModelVersion> latestVersions(Handle handle, ModelRow row) {
        List<VersionRow> rows = handle.createQuery("SELECT " + VERSION_COLUMNS
                        + " FROM model_versions v JOIN registered_models m ON m.id = v.model_id"
                        + " WHERE v.model_id = :id AND v.version = (SELECT MAX(x.version) FROM model_versions x"
                        + " WHERE x.model_id = v.model_id AND x.current_stage = v.current_stage)")
                .bind("id", row.id())
                .map(this::mapVersion)
                .list();
        return withDetails(handle, rows).stream()
                .sorted(Comparator.comparing(ModelVersion::currentStage))
                .toList();
    }

    private ModelVersion loadVersion(Handle handle, ModelRow row, int version) {
        List<VersionRow> rows = handle.createQuery("SELECT " + VERSION_COLUMNS
                        + " FROM model_versions v JOIN registered_models m ON m.id = v.model_id"
                        + " WHERE v.model_id = :id AND v.version = :version")
                .bind("id", row.id()).bind("version", version)
                .map(this::mapVersion)
                .list();
        if (rows.isEmpty()) {
            throw new GyreException.NotFound("Model version '" + row.name() + "' version " + version
                    + " does not exist. List the model's versions to find one that does.");
        }
        return withDetails(handle, rows).get(0);
    }

    /** Adds tags and aliases to the versions, keeping their order. */
    private static List<ModelVersion> withDetails(Handle handle, List<VersionRow> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<Long> modelIds = rows.stream().map(VersionRow::modelId).distinct().toList();
        Map<String, Map<String, String>> tags = new HashMap<>();
        Map<String, List<String>> aliases = new HashMap<>();
        handle.createQuery("SELECT model_id, version, tag_key, tag_value FROM model_version_tags WHERE model_id IN (<ids>)")
                .bindList("ids", modelIds)
                .map((rs, ctx) -> new String[] {rs.getLong("model_id") + "/" + rs.getInt("version"),
                        rs.getString("tag_key"), rs.getString("tag_value")})
                .forEach(t -> tags.computeIfAbsent(t[0], k -> new HashMap<>()).put(t[1], t[2]));
        handle.createQuery("SELECT model_id, version, alias FROM registered_model_aliases WHERE model_id IN (<ids>)")
                .bindList("ids", modelIds)
                .map((rs, ctx) -> new String[] {rs.getLong("model_id") + "/" + rs.getInt("version"), rs.getString("alias")})
                .forEach(a -> aliases.computeIfAbsent(a[0], k -> new ArrayList<>()).add(a[1]));
        List<ModelVersion> out = new ArrayList<>(rows.size());
        for (VersionRow row : rows) {
            ModelVersion v = row.version();
            String key = row.modelId() + "/" + v.version();
            List<String> names = new ArrayList<>(aliases.getOrDefault(key, List.of()));
            names.sort(RegistryService::byCodePoint);
            out.add(new ModelVersion(v.name(), v.version(), v.creationTimestamp(), v.lastUpdatedTimestamp(), v.userId(),
                    v.currentStage(), v.description(), v.source(), v.storageLocation(), v.runId(), v.runLink(),
                    v.status(), v.statusMessage(), tags.getOrDefault(key, Map.of()), names, v.lineage()));
        }
        return out;
    }

    private static String versionTag(Handle handle, ModelRow row, int version, String key) {
        return handle.createQuery("SELECT tag_value FROM model_version_tags"
                        + " WHERE model_id = :id AND version = :version AND tag_key = :k")
                .bind("id", row.id()).bind("version", version).bind("k", key)
                .mapTo(String.class).findOne().orElse(null);
    }

    private static Optional<Integer> aliasVersion(Handle handle, ModelRow row, String alias) {
        return handle.createQuery("SELECT version FROM registered_model_aliases WHERE model_id = :id AND alias = :alias")
                .bind("id", row.id()).bind("alias", alias).mapTo(Integer.class).findOne();
    }

    /** Points the alias at the version; the caller holds the model row's lock. */
    private void moveAlias(Handle handle, ModelRow row, String alias, int version, User actor) {
        loadVersion(handle, row, version);
        Optional<Integer> old = aliasVersion(handle, row, alias);
        if (old.isPresent()) {
            handle.createUpdate("UPDATE registered_model_aliases SET version = :version WHERE model_id = :id AND alias = :alias")
                    .bind("version", version).bind("id", row.id()).bind("alias", alias).execute();
        } else {
            handle.createUpdate("INSERT INTO registered_model_aliases (model_id, alias, version) VALUES (:id, :alias, :version)")
                    .bind("version", version).bind("id", row.id()).bind("alias", alias).execute();
        }
        record(handle, row.projectId(), actor, "alias.set", "alias", row.name() + "@" + alias,
                old.map(v -> new RegisteredModelAlias(alias, v)).orElse(null), new RegisteredModelAlias(alias, version));
    }

    private PromotionRequest loadPromotion(Handle handle, long id, boolean lock) {
        Query query = handle.createQuery(lock
                ? "SELECT id FROM promotion_requests WHERE id = :id FOR UPDATE"
                : "SELECT " + PROMOTION_COLUMNS + " FROM promotion_requests p"
                  + " JOIN registered_models m ON m.id = p.model_id WHERE p.id = :id");
        if (lock) {
            query.bind("id", id).mapTo(Long.class).findOne();
            return loadPromotion(handle, id, false);
        }
        return query.bind("id", id).map(RegistryService::mapPromotion).findOne()
                .orElseThrow(() -> new GyreException.NotFound("Promotion request " + id + " does not exist."
                        + " List the model's promotion requests to find its id."));
    }

    private ModelVersion changeVersion(String name, int version, User actor, String action,
                                       VersionChange change) {
        return change(action.replace('_', ' ') + " of '" + name + "/" + version + "'", handle -> {
            ModelRow row = findModel(handle, name, true);
            ModelVersion before = loadVersion(handle, row, version);
            change.apply(handle, row);
            ModelVersion after = loadVersion(handle, row, version);
            record(handle, row.projectId(), actor, action, "model_version", name + "/" + version, before, after);
            return after;
        });
    }

    @FunctionalInterface
    private interface VersionChange {
        void apply(Handle handle, ModelRow row);
    }

    // ---------------------------------------------------------------- helpers: search

    private static String compare(String column, Clause clause, String p, Map<String, Object> binds, String key,
                                  boolean allowIn) {
        Op op = clause.op();
        if ((op == Op.IN || op == Op.NOT_IN) && !allowIn) {
            throw new GyreException.InvalidArgument("Invalid search filter: " + key + " does not support " + op.text
                    + ". Use =, !=, LIKE or ILIKE.");
        }
        if ((op == Op.LIKE || op == Op.ILIKE) && allowIn) {
            throw new GyreException.InvalidArgument("Invalid search filter: " + key + " does not support " + op.text
                    + ". Use =, !=, IN or NOT IN.");
        }
        switch (op) {
            case EQ:
                binds.put(p, clause.value());
                return column + " = :" + p;
            case NE:
                binds.put(p, clause.value());
                return column + " <> :" + p;
            case LIKE:
                binds.put(p, clause.value());
                return column + " LIKE :" + p;
            case ILIKE:
                binds.put(p, clause.value().toLowerCase(Locale.ROOT));
                return "LOWER(" + column + ") LIKE :" + p;
            default:
                List<String> names = new ArrayList<>();
                for (int i = 0; i < clause.values().size(); i++) {
                    binds.put(p + "_" + i, clause.values().get(i));
                    names.add(":" + p + "_" + i);
                }
                return column + (op == Op.IN ? " IN (" : " NOT IN (") + String.join(", ", names) + ")";
        }
    }

    private static String compareVersion(Clause clause, String p, Map<String, Object> binds) {
        Clause numeric;
        try {
            List<String> values = new ArrayList<>();
            for (String value : clause.values()) {
                values.add(value);
                Integer.parseInt(value.strip());
            }
            numeric = new Clause(false, clause.key(), clause.op(), values);
        } catch (NumberFormatException e) {
            throw new GyreException.InvalidArgument("Invalid search filter: version_number takes whole numbers,"
                    + " e.g. version_number = 3.");
        }
        String sql = compare("v.version", numeric, p, binds, "version_number", true);
        binds.replaceAll((k, v) -> k.startsWith(p) && v instanceof String s ? Integer.parseInt(s.strip()) : v);
        return sql;
    }

    private static Comparator<ModelRow> modelOrder(List<String> orderBy) {
        Comparator<ModelRow> order = null;
        for (String item : orderBy == null ? List.<String>of() : orderBy) {
            String[] parts = orderItem(item);
            Comparator<ModelRow> c = switch (parts[0]) {
                case "name" -> Comparator.comparing(ModelRow::name, RegistryService::byCodePoint);
                case "creation_timestamp" -> Comparator.comparingLong(ModelRow::created);
                case "last_updated_timestamp", "timestamp" -> Comparator.comparingLong(ModelRow::updated);
                default -> throw new GyreException.InvalidArgument("Invalid order_by field '" + parts[0]
                        + "' for registered models. Use name, creation_timestamp or last_updated_timestamp.");
            };
            c = parts[1].equals("DESC") ? c.reversed() : c;
            order = order == null ? c : order.thenComparing(c);
        }
        Comparator<ModelRow> byName = Comparator.comparing(ModelRow::name, RegistryService::byCodePoint);
        return order == null ? byName : order.thenComparing(byName);
    }

    private static Comparator<VersionRow> versionOrder(List<String> orderBy) {
        Comparator<VersionRow> order = null;
        for (String item : orderBy == null ? List.<String>of() : orderBy) {
            String[] parts = orderItem(item);
            Comparator<VersionRow> c = switch (parts[0]) {
                case "name" -> Comparator.comparing(r -> r.version().name(), RegistryService::byCodePoint);
                case "version_number", "version" -> Comparator.comparingInt(r -> r.version().version());
                case "creation_timestamp" -> Comparator.comparingLong(r -> r.version().creationTimestamp());
                case "last_updated_timestamp", "timestamp" ->
                        Comparator.comparingLong(r -> r.version().lastUpdatedTimestamp());
                default -> throw new GyreException.InvalidArgument("Invalid order_by field '" + parts[0]
                        + "' for model versions. Use name, version_number, creation_timestamp or last_updated_timestamp.");
            };
            c = parts[1].equals("DESC") ? c.reversed() : c;
            order = order == null ? c : order.thenComparing(c);
        }
        Comparator<VersionRow> natural = Comparator.<VersionRow, String>comparing(r -> r.version().name(),
                        RegistryService::byCodePoint)
                .thenComparing(Comparator.<VersionRow>comparingInt(r -> r.version().version()).reversed());
        return order == null ? natural : order.thenComparing(natural);
    }

    private static String[] orderItem(String item) {
        String[] words = item == null ? new String[0] : item.strip().split("\\s+");
        if (words.length == 0 || words.length > 2 || words[0].isEmpty()) {
            throw new GyreException.InvalidArgument("Invalid order_by item '" + item
                    + "'. Write a field optionally followed by ASC or DESC, e.g. 'name ASC'.");
        }
        String field = words[0].toLowerCase(Locale.ROOT);
        if (field.startsWith("attributes.")) {
            field = field.substring("attributes.".length());
        }
        String direction = words.length == 2 ? words[1].toUpperCase(Locale.ROOT) : "ASC";
        if (!direction.equals("ASC") && !direction.equals("DESC")) {
            throw new GyreException.InvalidArgument("Invalid order_by direction '" + words[1] + "'. Use ASC or DESC.");
        }
        return new String[] {field, direction};
    }

    private static <T> List<T> slice(List<T> all, int offset, int size) {
        if (offset >= all.size()) {
            return List.of();
        }
        return all.subList(offset, Math.min(all.size(), offset + size));
    }

    private static int pageSize(Integer maxResults, int defaultSize, int max) {
        if (maxResults == null) {
            return defaultSize;
        }
        if (maxResults < 1 || maxResults > max) {
            throw new GyreException.InvalidArgument("Invalid max_results " + maxResults + ": it must be between 1 and "
                    + max + ".");
        }
        return maxResults;
    }

    static String encodeToken(int offset) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("{\"offset\": " + offset + "}").getBytes(StandardCharsets.UTF_8));
    }

    static int decodeToken(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(token.strip()), StandardCharsets.UTF_8);
            com.fasterxml.jackson.databind.JsonNode offset = TOKEN_READER.readTree(text).get("offset");
            if (offset == null || !offset.isInt() || offset.intValue() < 0) {
                throw new IllegalArgumentException("no valid offset");
            }
            return offset.intValue();
        } catch (IllegalArgumentException | JsonProcessingException e) {
            throw new GyreException.InvalidArgument("Invalid page token; pass the next_page_token of the previous"
                    + " response unchanged, or none for the first page.");
        }
    }

    private static int byCodePoint(String a, String b) {
        return dev.gyre.core.artifact.ArtifactPath.compareByCodePoint(a, b);
    }

    // ---------------------------------------------------------------- helpers: validation

    private static void checkModelName(String name) {
        if (name == null || name.isBlank()) {
            throw new GyreException.InvalidArgument("Registered model name is missing; give the model a name.");
        }
        if (name.length() > MAX_MODEL_NAME_LENGTH) {
            throw new GyreException.InvalidArgument("Registered model name is " + name.length()
                    + " characters long; the limit is " + MAX_MODEL_NAME_LENGTH + ". Use a shorter name.");
        }
        if (name.codePoints().anyMatch(Character::isISOControl)) {
            throw new GyreException.InvalidArgument("Registered model name contains a control character; remove it.");
        }
    }

    private static Map<String, String> checkTags(Map<String, String> tags) {
        if (tags == null) {
            return Map.of();
        }
        tags.forEach(RegistryService::checkTag);
        return tags;
    }

    private static void checkTag(String key, String value) {
        if (key == null || key.isBlank()) {
            throw new GyreException.InvalidArgument("Tag key is missing; give every tag a key.");
        }
        if (key.length() > MAX_TAG_KEY_LENGTH) {
            throw new GyreException.InvalidArgument("Tag key '" + key.substring(0, 40) + "...' is " + key.length()
                    + " characters long; the limit is " + MAX_TAG_KEY_LENGTH + ". Use a shorter key.");
        }
        if (value == null) {
            throw new GyreException.InvalidArgument("Tag '" + key + "' has no value; give it a value (it may be empty).");
        }
        if (value.length() > MAX_TAG_VALUE_LENGTH) {
            throw new GyreException.InvalidArgument("Value of tag '" + key + "' is " + value.length()
                    + " characters long; the limit is " + MAX_TAG_VALUE_LENGTH + ". Store longer text as an artifact.");
        }
    }

    private static void checkAlias(String alias) {
        if (alias == null || alias.isBlank()) {
            throw new GyreException.InvalidArgument("Alias is missing; name the alias, e.g. 'champion'.");
        }
        if (alias.length() > MAX_ALIAS_LENGTH) {
            throw new GyreException.InvalidArgument("Alias is " + alias.length() + " characters long; the limit is "
                    + MAX_ALIAS_LENGTH + ". Use a shorter alias.");
        }
        if (alias.equalsIgnoreCase("latest") || RESERVED_VERSION_ALIAS.matcher(alias).matches()) {
            throw new GyreException.InvalidArgument("Alias '" + alias + "' is reserved ('latest' and 'v<number>'"
                    + " always mean the newest and the numbered version). Choose another alias, e.g. 'champion'.");
        }
        if (alias.codePoints().anyMatch(Character::isISOControl)) {
            throw new GyreException.InvalidArgument("Alias contains a control character; remove it.");
        }
    }

    private static void checkText(String field, String text) {
        if (text != null && text.length() > MAX_TEXT_LENGTH) {
            throw new GyreException.InvalidArgument("The " + field + " is " + text.length()
                    + " characters long; the limit is " + MAX_TEXT_LENGTH + ". Shorten it.");
        }
    }

    // ---------------------------------------------------------------- helpers: transactions and audit

    private <T> T change(String action, HandleCallback<T, RuntimeException> work) {
        try {
            return database.jdbi().inTransaction(work);
        } catch (JdbiException e) {
            throw failure(action, e);
        }
    }

    private <T> T read(String action, HandleCallback<T, RuntimeException> work) {
        try {
            return database.jdbi().withHandle(work);
        } catch (JdbiException e) {
            throw failure(action, e);
        }
    }

    private GyreException failure(String action, JdbiException e) {
        return StoreFailures.wrap(action, e);
    }

    private void record(Handle handle, Long projectId, User actor, String action, String entityType, String entityId,
                        Object before, Object after) {
        audit.record(new AuditEvent(projectId, actor.id(), actor.username(), action, entityType, entityId,
                before == null ? null : write(before), after == null ? null : write(after),
                SqlSupport.truncate(clock.instant())));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new GyreException.Internal("Unable to write an audit record as JSON.", e);
        }
    }
}
