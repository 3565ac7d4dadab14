package dev.gyre.data.version;

import dev.gyre.core.GyreException;
import dev.gyre.core.auth.User;
import dev.gyre.store.db.SqlSupport;
import dev.gyre.tracking.project.Project;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/** The SQL of {@link DataVersionService}: queries and row mapping on the V5 tables, on a caller's handle. */
final class VersionSql {

    private static final String VERSION_SELECT = "SELECT v.id, s.project_id, v.data_set_id, s.name AS data_set_name,"
            + " v.version, v.sha256, v.kind, v.format, v.size_bytes, v.file_count, v.source_uri, v.produced_by_step,"
            + " v.split_role, v.status, v.validation_round, v.schema_json, v.row_count, v.created_by, v.created_at"
            + " FROM data_versions v JOIN data_sets s ON s.id = v.data_set_id";
    private static final String SET_SELECT = "SELECT s.id, s.project_id, s.name, s.description, s.created_by,"
            + " s.created_at, (SELECT MAX(v.version) FROM data_versions v WHERE v.data_set_id = s.id) AS latest"
            + " FROM data_sets s";

    private VersionSql() {
    }

    static Optional<DataSet> findSet(Handle handle, long projectId, String name) {
        return handle.createQuery(SET_SELECT + " WHERE s.project_id = :projectId AND s.name = :name")
                .bind("projectId", projectId)
                .bind("name", name)
                .map(VersionSql::mapSet)
                .findOne();
    }

    static List<DataSet> sets(Handle handle, long projectId) {
        return handle.createQuery(SET_SELECT + " WHERE s.project_id = :projectId")
                .bind("projectId", projectId)
                .map(VersionSql::mapSet)
                .list();
    }

    static long insertSet(Handle handle, long projectId, String name, User actor, Instant now) {
        return handle.createUpdate("INSERT INTO data_sets (project_id, name, created_by, created_at)"
                        + " VALUES (:projectId, :name, :createdBy, :createdAt)")
                .bind("projectId", projectId)
                .bind("name", name)
                .bind("createdBy", actor.id())
                .bind("createdAt", now)
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
    }

    /** The versions matching {@code where} (a clause on aliases v and s), ordered by id, with their parents. */
    static List<DataVersion> versions(Handle handle, String where, Consumer<Query> binder) {
        Query query = handle.createQuery(VERSION_SELECT + " WHERE " + where + " ORDER BY v.id");
        binder.accept(query);
        List<DataVersion> found = query.map(VersionSql::mapVersion).list();
        if (found.isEmpty()) {
            return found;
        }
        Map<Long, List<Long>> parents = new LinkedHashMap<>();
        for (DataVersion version : found) {
            parents.put(version.id(), new ArrayList<>());
        }
        for (List<Long> chunk : chunks(new ArrayList<>(parents.keySet()))) {
            handle.createQuery("SELECT version_id, parent_id FROM data_version_parents WHERE version_id IN (<ids>)"
                            + " ORDER BY version_id, position")
                    .bindList("ids", chunk)
                    .map((rs, ctx) -> new long[] {rs.getLong("version_id"), rs.getLong("parent_id")})
                    .forEach(edge -> parents.get(edge[0]).add(edge[1]));
        }
        List<DataVersion> complete = new ArrayList<>(found.size());
        for (DataVersion v : found) {
            complete.add(new DataVersion(v.id(), v.projectId(), v.dataSetId(), v.dataSetName(), v.version(),
                    v.sha256(), v.kind(), v.format(), v.sizeBytes(), v.fileCount(), v.sourceUri(), v.producedByStep(),
                    parents.get(v.id()), v.splitRole(), v.status(), v.validationRound(), v.schemaJson(), v.rowCount(),
                    v.createdBy(), v.createdAt()));
        }
        return complete;
    }

    static Optional<DataVersion> byId(Handle handle, long id) {
        return versions(handle, "v.id = :id", q -> q.bind("id", id)).stream().findFirst();
    }

    static DataVersion requireById(Handle handle, long id) {
        return byId(handle, id).orElseThrow(() -> new GyreException.NotFound("Data version " + id + " does not exist;"
                + " list the versions of the data set to see their ids."));
    }

    static Optional<DataVersion> bySha(Handle handle, long dataSetId, String sha256) {
        return versions(handle, "v.data_set_id = :setId AND v.sha256 = :sha",
                q -> q.bind("setId", dataSetId).bind("sha", sha256)).stream().findFirst();
    }

    /** The version a reference names in the project. */
    static DataVersion resolve(Handle handle, long projectId, String projectName, VersionRef ref) {
        DataSet set = findSet(handle, projectId, ref.dataSet()).orElseThrow(() -> new GyreException.NotFound(
                "Project '" + projectName + "' has no data set '" + ref.dataSet() + "'; list its data sets to see"
                        + " their names."));
        int number = ref.isLatest() ? set.latestVersion() : ref.number();
        return versions(handle, "v.data_set_id = :setId AND v.version = :number",
                q -> q.bind("setId", set.id()).bind("number", number)).stream().findFirst()
                .orElseThrow(() -> new GyreException.NotFound("Data set '" + set.name() + "' has no version " + number
                        + "; its latest is " + set.latestVersion() + "."));
    }

    /** The versions with these ids (any order); ids that do not exist are absent from the map. */
    static Map<Long, DataVersion> byIds(Handle handle, Collection<Long> ids) {
        Map<Long, DataVersion> found = new LinkedHashMap<>();
        for (List<Long> chunk : chunks(new ArrayList<>(ids))) {
            for (DataVersion version : versions(handle, "v.id IN (<ids>)", q -> q.bindList("ids", chunk))) {
                found.put(version.id(), version);
            }
        }
        return found;
    }

    /** A test split made from the version, directly or through other versions, if there is one. */
    static Optional<DataVersion> sealedDescendant(Handle handle, long versionId) {
        Set<Long> seen = new HashSet<>();
        Deque<Long> frontier = new ArrayDeque<>(List.of(versionId));
        while (!frontier.isEmpty()) {
            List<Long> level = new ArrayList<>(frontier);
            frontier.clear();
            for (List<Long> chunk : chunks(level)) {
                List<long[]> children = handle.createQuery("SELECT p.version_id, CASE WHEN v.split_role = 'test'"
                                + " THEN 1 ELSE 0 END AS sealed FROM data_version_parents p"
                                + " JOIN data_versions v ON v.id = p.version_id WHERE p.parent_id IN (<ids>)"
                                + " ORDER BY p.version_id")
                        .bindList("ids", chunk)
                        .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getInt(2)})
                        .list();
                for (long[] child : children) {
                    if (child[1] == 1) {
                        return byId(handle, child[0]);
                    }
                    if (seen.add(child[0])) {
                        frontier.add(child[0]);
                    }
                }
            }
        }
        return Optional.empty();
    }

    static boolean overridden(Handle handle, DataVersion version) {
        return handle.createQuery("SELECT COUNT(*) FROM data_validation_overrides WHERE version_id = :id"
                        + " AND validation_round = :round")
                .bind("id", version.id())
                .bind("round", version.validationRound())
                .mapTo(Long.class)
                .one() > 0;
    }

    static List<ValidationOverride> overrides(Handle handle, long versionId) {
        return handle.createQuery("SELECT id, version_id, validation_round, reason, created_by, created_by_name,"
                        + " created_at FROM data_validation_overrides WHERE version_id = :id ORDER BY id")
                .bind("id", versionId)
                .map((rs, ctx) -> new ValidationOverride(rs.getLong("id"), rs.getLong("version_id"),
                        rs.getInt("validation_round"), rs.getString("reason"), rs.getObject("created_by", Long.class),
                        rs.getString("created_by_name"), SqlSupport.instant(rs, "created_at")))
                .list();
    }

    static List<DataRead> reads(Handle handle, long versionId) {
        return handle.createQuery("SELECT id, version_id, purpose, user_id, user_name, read_at FROM data_reads"
                        + " WHERE version_id = :id ORDER BY id")
                .bind("id", versionId)
                .map((rs, ctx) -> new DataRead(rs.getLong("id"), rs.getLong("version_id"),
                        ReadPurpose.parse(rs.getString("purpose")), rs.getObject("user_id", Long.class),
                        rs.getString("user_name"), SqlSupport.instant(rs, "read_at")))
                .list();
    }

    static long insertRead(Handle handle, long versionId, ReadPurpose purpose, User actor, Instant now) {
        return handle.createUpdate("INSERT INTO data_reads (version_id, purpose, user_id, user_name, read_at)"
                        + " VALUES (:versionId, :purpose, :userId, :userName, :readAt)")
                .bind("versionId", versionId)
                .bind("purpose", purpose.wireName())
                .bind("userId", actor.id())
                .bind("userName", actor.username())
                .bind("readAt", now)
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
    }

    /** A large text column of one version, or empty if it is null. */
    static Optional<String> text(Handle handle, long versionId, String column) {
        return handle.createQuery("SELECT " + column + " FROM data_versions WHERE id = :id")
                .bind("id", versionId)
                .mapTo(String.class)
                .findOne();
    }

    /** Inserts a version and its parent links; returns its id. */
    static long insertVersion(Handle handle, long setId, int number, NewVersion spec, VersionContent content, User actor,
                              Instant now) {
        long id = handle.createUpdate("INSERT INTO data_versions (data_set_id, version, sha256, kind, format,"
                        + " size_bytes, file_count, source_uri, produced_by_step, split_role, status, schema_json,"
                        + " profile_json, row_count, created_by, created_at) VALUES (:setId, :version, :sha256,"
                        + " :kind, :format, :size, :files, :source, :step, :split, 'unvalidated', :schema,"
                        + " :profile, :rows, :createdBy, :createdAt)")
                .bind("setId", setId)
                .bind("version", number)
                .bind("sha256", spec.sha256())
                .bind("kind", spec.kind().wireName())
                .bind("format", spec.format())
                .bind("size", content.sizeBytes())
                .bind("files", content.fileCount())
                .bind("source", spec.sourceUri())
                .bind("step", spec.producedByStep())
                .bind("split", spec.splitRole() == null ? null : spec.splitRole().wireName())
                .bind("schema", spec.schemaJson())
                .bind("profile", spec.profileJson())
                .bind("rows", spec.rowCount())
                .bind("createdBy", actor.id())
                .bind("createdAt", now)
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
        for (int i = 0; i < spec.parentIds().size(); i++) {
            handle.createUpdate("INSERT INTO data_version_parents (version_id, parent_id, position)"
                            + " VALUES (:id, :parent, :position)")
                    .bind("id", id).bind("parent", spec.parentIds().get(i)).bind("position", i)
                    .execute();
        }
        return id;
    }

    /** Every ancestor of the version, breadth-first, with the links among them. */
    static Lineage lineage(Handle handle, DataVersion version) {
        Map<Long, DataVersion> ancestors = new LinkedHashMap<>();
        List<Lineage.Edge> edges = new ArrayList<>();
        List<DataVersion> level = List.of(version);
        while (!level.isEmpty()) {
            List<Long> next = new ArrayList<>();
            for (DataVersion child : level) {
                for (long parent : child.parentIds()) {
                    edges.add(new Lineage.Edge(child.id(), parent));
                    if (!ancestors.containsKey(parent) && !next.contains(parent)) {
                        next.add(parent);
                    }
                }
            }
            Map<Long, DataVersion> found = byIds(handle, next);
            level = new ArrayList<>();
            for (long id : next) {
                DataVersion parent = found.get(id);
                if (parent != null) {
                    ancestors.put(id, parent);
                    level.add(parent);
                }
            }
        }
        return new Lineage(version, new ArrayList<>(ancestors.values()), edges);
    }

    /**
     * Checks that the parents exist and belong to the project.
     *
     * @throws GyreException.NotFound        for a parent that does not exist
     * @throws GyreException.InvalidArgument for a parent of another project
     */
    static void requireParents(Handle handle, Project project, List<Long> parentIds) {
        Map<Long, DataVersion> parents = byIds(handle, parentIds);
        for (long id : parentIds) {
            DataVersion parent = parents.get(id);
            if (parent == null) {
                throw new GyreException.NotFound("Parent data version " + id + " does not exist; name the parents by"
                        + " the ids of existing versions.");
            }
            if (parent.projectId() != project.id()) {
                throw new GyreException.InvalidArgument("Parent data version " + id + " belongs to another project;"
                        + " a version's parents must be versions of project '" + project.name() + "'.");
            }
        }
    }

    private static List<List<Long>> chunks(List<Long> ids) {
        List<List<Long>> chunks = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += 500) {
            chunks.add(ids.subList(i, Math.min(ids.size(), i + 500)));
        }
        return chunks;
    }

    private static DataSet mapSet(ResultSet rs, StatementContext ctx) throws SQLException {
        Integer latest = rs.getObject("latest", Integer.class);
        return new DataSet(rs.getLong("id"), rs.getLong("project_id"), rs.getString("name"),
                rs.getString("description"), rs.getObject("created_by", Long.class),
                SqlSupport.instant(rs, "created_at"), latest == null ? 0 : latest);
    }

    private static DataVersion mapVersion(ResultSet rs, StatementContext ctx) throws SQLException {
        String split = rs.getString("split_role");
        return new DataVersion(rs.getLong("id"), rs.getLong("project_id"), rs.getLong("data_set_id"),
                rs.getString("data_set_name"), rs.getInt("version"), rs.getString("sha256"),
                VersionKind.parse(rs.getString("kind")), rs.getString("format"), rs.getLong("size_bytes"),
                rs.getLong("file_count"), rs.getString("source_uri"), rs.getString("produced_by_step"), List.of(),
                split == null ? null : SplitRole.parse(split), VersionStatus.parse(rs.getString("status")),
                rs.getInt("validation_round"), rs.getString("schema_json"), rs.getObject("row_count", Long.class),
                rs.getObject("created_by", Long.class), SqlSupport.instant(rs, "created_at"));
    }
}
