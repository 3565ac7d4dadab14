package dev.gyre.data.version;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Permission;
import dev.gyre.core.auth.User;
import dev.gyre.store.db.Database;
import dev.gyre.store.db.SqlSupport;
import dev.gyre.tracking.audit.AuditEvent;
import dev.gyre.tracking.audit.JdbcAuditLog;
import dev.gyre.tracking.project.Project;
import dev.gyre.tracking.project.ProjectService;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Versions of data sets, on the V5 tables, with their bytes in a {@link BlobStore}.
 *
 * <p><b>Permissions.</b> Creating versions, recording validation results and overrides need
 * {@link Permission#WRITE_DATA} in the project; everything else needs {@link Permission#READ}. Beyond that,
 * {@link #openForRead} applies the rules of {@link ReadPurpose}: the test split is sealed from training.
 *
 * <p><b>Transactions.</b> Every change is one transaction that also writes its audit record. Creating versions
 * locks the project's row, so version numbers of a data set are handed out one at a time. Thread-safe.
 */
public final class DataVersionService {

    /** Largest directory manifest read into memory: about a million files. */
    public static final long MAX_MANIFEST_BYTES = 256L * 1024 * 1024;
    /** Longest validation report stored. */
    public static final int MAX_REPORT_CHARS = 1_000_000;
    /** Longest override reason. */
    public static final int MAX_REASON_CHARS = 5000;

    private final Database database;
    private final BlobStore blobs;
    private final ProjectService projects;
    private final JdbcAuditLog audit;
    private final Clock clock;

    /** A service using the system clock. */
    public DataVersionService(Database database, BlobStore blobs, ProjectService projects, JdbcAuditLog audit) {
        this(database, blobs, projects, audit, Clock.systemUTC());
    }

    /** A service taking times from {@code clock}. */
    public DataVersionService(Database database, BlobStore blobs, ProjectService projects, JdbcAuditLog audit,
                              Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.projects = Objects.requireNonNull(projects, "projects");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Records a version of a data set, creating the data set with its first version. Idempotent by content: if
     * the data set has a version with the same SHA-256, that version is returned unchanged with
     * {@code created == false}, and nothing of {@code spec} is applied. Otherwise the new version gets the next
     * number, status {@code unvalidated}, and is audited as {@code data_version.create} (and the data set as
     * {@code data_set.create}).
     *
     * <p>Every blob must be in the blob store before: the file, or the manifest and every file it lists; sizes
     * must match what is declared.
     *
     * @throws GyreException.InvalidArgument  if the name, a blob, a size, a parent or a JSON document is not
     *                                        acceptable, or blobs are missing (the message lists them)
     * @throws GyreException.NotFound         if the project or a parent version does not exist
     * @throws GyreException.PermissionDenied if the actor may not write the project's data
     */
    public CreatedVersion createVersion(String project, String dataSetName, NewVersion spec, User actor) {
        DataSet.requireValidName(dataSetName);
        Objects.requireNonNull(spec, "spec");
        Project p = authorize(project, actor, Permission.WRITE_DATA);
        Optional<DataVersion> existing = read("look up data set '" + dataSetName + "'", handle ->
                VersionSql.findSet(handle, p.id(), dataSetName)
                        .flatMap(set -> VersionSql.bySha(handle, set.id(), spec.sha256())));
        if (existing.isPresent()) {
            return new CreatedVersion(existing.get(), false);
        }
        VersionJson.require(spec.schemaJson(), "schema");
        VersionJson.require(spec.profileJson(), "profile");
        VersionContent content = VersionContent.check(blobs, spec);
        // Writers of one project are serialised by the project row's lock; the embedded H2 has been seen, rarely,
        // to let a waiting writer read the numbers as they were before the lock holder committed, so a writer that
        // loses the race on the unique (data set, number) or (project, name) key tries again from a fresh read.
        for (int attempt = 1; ; attempt++) {
            try {
                return createOnce(p, dataSetName, spec, content, actor);
            } catch (GyreException.Internal e) {
                if (attempt == 3 || !isUniqueViolation(e)) {
                    throw e;
                }
            }
        }
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private CreatedVersion createOnce(Project p, String dataSetName, NewVersion spec, VersionContent content,
                                      User actor) {
        return change("create a version of data set '" + dataSetName + "'", handle -> {
            handle.createQuery("SELECT id FROM projects WHERE id = :id FOR UPDATE").bind("id", p.id())
                    .mapTo(Long.class).one();
            Instant now = SqlSupport.truncate(clock.instant());
            Optional<DataSet> set = VersionSql.findSet(handle, p.id(), dataSetName);
            if (set.isPresent()) {
                Optional<DataVersion> same = VersionSql.bySha(handle, set.get().id(), spec.sha256());
                if (same.isPresent()) {
                    return new CreatedVersion(same.get(), false);
                }
            }
            VersionSql.requireParents(handle, p, spec.parentIds());
            long setId;
            if (set.isPresent()) {
                setId = set.get().id();
            } else {
                setId = VersionSql.insertSet(handle, p.id(), dataSetName, actor, now);
                ObjectNode after = VersionJson.object().put("id", setId).put("name", dataSetName);
                record(handle, p.id(), actor, "data_set.create", "data_set", dataSetName, null, after, now);
            }
            int number = set.map(DataSet::latestVersion).orElse(0) + 1;
            long id = VersionSql.insertVersion(handle, setId, number, spec, content, actor, now);
            DataVersion created = VersionSql.requireById(handle, id);
            record(handle, p.id(), actor, "data_version.create", "data_version", created.ref().toString(), null,
                    VersionJson.version(created), now);
            return new CreatedVersion(created, true);
        });
    }

    /**
     * The data sets of a project, by name.
     *
     * @throws GyreException.NotFound         if the project does not exist
     * @throws GyreException.PermissionDenied if the actor may not read the project
     */
    public List<DataSet> dataSets(String project, User actor) {
        Project p = authorize(project, actor, Permission.READ);
        List<DataSet> sets = new ArrayList<>(read("list the data sets of project '" + p.name() + "'",
                handle -> VersionSql.sets(handle, p.id())));
        sets.sort(Comparator.comparing(DataSet::name));
        return sets;
    }

    /**
     * Every version of a data set, version 1 first.
     *
     * @throws GyreException.NotFound         if the project or data set does not exist
     * @throws GyreException.PermissionDenied if the actor may not read the project
     */
    public List<DataVersion> versions(String project, String dataSetName, User actor) {
        DataSet.requireValidName(dataSetName);
        Project p = authorize(project, actor, Permission.READ);
        return read("list the versions of data set '" + dataSetName + "'", handle -> {
            DataSet set = VersionSql.findSet(handle, p.id(), dataSetName).orElseThrow(() -> new GyreException.NotFound(
                    "Project '" + p.name() + "' has no data set '" + dataSetName + "'; list its data sets to see"
                            + " their names."));
            return VersionSql.versions(handle, "v.data_set_id = :setId", q -> q.bind("setId", set.id()));
        });
    }

    /**
     * Version {@code number} of a data set.
     *
     * @throws GyreException.NotFound         if the project, data set or version does not exist
     * @throws GyreException.PermissionDenied if the actor may not read the project
     */
    public DataVersion version(String project, String dataSetName, int number, User actor) {
        return version(project, VersionRef.of(dataSetName, number), actor);
    }

    /**
     * The version a reference such as {@code titanic@3} or {@code titanic@latest} names.
     *
     * @throws GyreException.InvalidArgument  if the reference is malformed
     * @throws GyreException.NotFound         if the project, data set or version does not exist
     * @throws GyreException.PermissionDenied if the actor may not read the project
     */
    public DataVersion version(String project, String ref, User actor) {
        return version(project, VersionRef.parse(ref), actor);
    }

    /** Like {@link #version(String, String, User)} with a parsed reference. */
    public DataVersion version(String project, VersionRef ref, User actor) {
        Objects.requireNonNull(ref, "ref");
        Project p = authorize(project, actor, Permission.READ);
        return read("look up data version " + ref, handle -> VersionSql.resolve(handle, p.id(), p.name(), ref));
    }

    /**
     * The version with this id.
     *
     * @throws GyreException.NotFound         if it does not exist
     * @throws GyreException.PermissionDenied if the actor may not read its project
     */
    public DataVersion version(long versionId, User actor) {
        return versionFor(versionId, actor, Permission.READ);
    }

    /**
     * Every version the given one was made from, recursively, nearest first.
     *
     * @throws GyreException.NotFound         if the version does not exist
     * @throws GyreException.PermissionDenied if the actor may not read its project
     */
    public Lineage lineage(long versionId, User actor) {
        DataVersion version = versionFor(versionId, actor, Permission.READ);
        return read("read the lineage of data version " + versionId, handle -> VersionSql.lineage(handle, version));
    }

    /**
     * Records the result of validating a version: its status becomes {@code validated} or {@code failed}, the
     * report replaces the previous one, and a new validation round begins (overrides of earlier rounds no
     * longer apply). Audited as {@code data_version.validate}.
     *
     * @param reportJson the validation report as a JSON document, or {@code null}
     * @throws GyreException.InvalidArgument  if the status is {@code unvalidated} or the report is not JSON
     * @throws GyreException.NotFound         if the version does not exist
     * @throws GyreException.PermissionDenied if the actor may not write the project's data
     */
    public DataVersion setStatus(long versionId, VersionStatus status, String reportJson, User actor) {
        Objects.requireNonNull(status, "status");
        if (status == VersionStatus.UNVALIDATED) {
            throw new GyreException.InvalidArgument("A validation result is 'validated' or 'failed'; a version cannot"
                    + " be set back to 'unvalidated'.");
        }
        if (reportJson != null && reportJson.length() > MAX_REPORT_CHARS) {
            throw new GyreException.InvalidArgument("The validation report has " + reportJson.length()
                    + " characters; at most " + MAX_REPORT_CHARS + " are stored, so summarise the failures.");
        }
        VersionJson.require(reportJson, "validation report");
        DataVersion before = versionFor(versionId, actor, Permission.WRITE_DATA);
        return change("record the validation of data version " + versionId, handle -> {
            Instant now = SqlSupport.truncate(clock.instant());
            handle.createUpdate("UPDATE data_versions SET status = :status, validation_report_json = :report,"
                            + " validated_at = :now, validation_round = validation_round + 1 WHERE id = :id")
                    .bind("status", status.wireName()).bind("report", reportJson).bind("now", now)
                    .bind("id", versionId)
                    .execute();
            DataVersion after = VersionSql.requireById(handle, versionId);
            record(handle, after.projectId(), actor, "data_version.validate", "data_version", after.ref().toString(),
                    VersionJson.status(before), VersionJson.status(after), now);
            return after;
        });
    }

    /**
     * Records that a version which failed validation may be used for training and feature fitting anyway,
     * for its current validation round, with the reason. Audited as {@code data_version.override}.
     *
     * @throws GyreException.InvalidArgument  if the reason is blank or too long
     * @throws GyreException.Conflict         if the version's status is not {@code failed}
     * @throws GyreException.NotFound         if the version does not exist
     * @throws GyreException.PermissionDenied if the actor may not write the project's data
     */
    public ValidationOverride overrideFailed(long versionId, String reason, User actor) {
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > MAX_REASON_CHARS) {
            throw new GyreException.InvalidArgument("An override needs a reason of 1 to " + MAX_REASON_CHARS
                    + " characters saying why the failed validation is acceptable.");
        }
        versionFor(versionId, actor, Permission.WRITE_DATA);
        return change("record an override for data version " + versionId, handle -> {
            DataVersion version = VersionSql.requireById(handle, versionId);
            if (version.status() != VersionStatus.FAILED) {
                throw new GyreException.Conflict("Data version '" + version.ref() + "' has status "
                        + version.status().wireName() + "; only a version that failed validation needs an override.");
            }
            Instant now = SqlSupport.truncate(clock.instant());
            long id = handle.createUpdate("INSERT INTO data_validation_overrides (version_id, validation_round,"
                            + " reason, created_by, created_by_name, created_at) VALUES (:id, :round, :reason,"
                            + " :userId, :userName, :now)")
                    .bind("id", versionId).bind("round", version.validationRound()).bind("reason", why)
                    .bind("userId", actor.id()).bind("userName", actor.username()).bind("now", now)
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            ObjectNode after = VersionJson.status(version).put("override_reason", why);
            record(handle, version.projectId(), actor, "data_version.override", "data_version",
                    version.ref().toString(), null, after, now);
            return new ValidationOverride(id, versionId, version.validationRound(), why, actor.id(),
                    actor.username(), now);
        });
    }

    /** Every override recorded for a version, oldest first (READ permission). */
    public List<ValidationOverride> overrides(long versionId, User actor) {
        versionFor(versionId, actor, Permission.READ);
        return read("list the overrides of data version " + versionId, h -> VersionSql.overrides(h, versionId));
    }

    /**
     * Grants a read of a version's bytes for a purpose, by the rules of {@link ReadPurpose}. A granted read of
     * a test split is written to the read log; a refused read is written to the audit log as
     * {@code data_version.read_refused}.
     *
     * @throws GyreException.PermissionDenied if the actor may not read the project, or the rules refuse this
     *                                        purpose for this version (the message names the rule)
     * @throws GyreException.NotFound         if the project, data set or version does not exist
     */
    public ReadGrant openForRead(String project, VersionRef ref, ReadPurpose purpose, User actor) {
        Objects.requireNonNull(purpose, "purpose");
        DataVersion version = version(project, ref, actor);
        ReadPolicy.Decision decision = read("check the read of data version " + version.ref(), handle ->
                ReadPolicy.decide(version, purpose, VersionSql.overridden(handle, version),
                        purpose.fits() ? VersionSql.sealedDescendant(handle, version.id()) : Optional.empty()));
        if (!decision.granted()) {
            change("record a refused read of data version " + version.ref(), handle -> {
                Instant now = SqlSupport.truncate(clock.instant());
                ObjectNode attempt = VersionJson.object().put("purpose", purpose.wireName())
                        .put("refusal", decision.refusal());
                record(handle, version.projectId(), actor, "data_version.read_refused", "data_version",
                        version.ref().toString(), null, attempt, now);
                return null;
            });
            throw new GyreException.PermissionDenied(decision.refusal());
        }
        if (!decision.logged()) {
            return new ReadGrant(version, purpose, null);
        }
        long readId = change("log the read of data version " + version.ref(), handle ->
                VersionSql.insertRead(handle, version.id(), purpose, actor, SqlSupport.truncate(clock.instant())));
        return new ReadGrant(version, purpose, readId);
    }

    /** Like {@link #openForRead(String, VersionRef, ReadPurpose, User)} with a reference such as {@code titanic@3}. */
    public ReadGrant openForRead(String project, String ref, ReadPurpose purpose, User actor) {
        return openForRead(project, VersionRef.parse(ref), purpose, actor);
    }

    /** The read log of a version, oldest first (READ permission); empty unless it is a test split. */
    public List<DataRead> reads(long versionId, User actor) {
        versionFor(versionId, actor, Permission.READ);
        return read("read the read log of data version " + versionId, h -> VersionSql.reads(h, versionId));
    }

    /** The version's profile JSON, if one was recorded (READ permission). */
    public Optional<String> profile(long versionId, User actor) {
        versionFor(versionId, actor, Permission.READ);
        return read("read the profile of data version " + versionId,
                h -> VersionSql.text(h, versionId, "profile_json"));
    }

    /** The latest validation report JSON, if one was recorded (READ permission). */
    public Optional<String> validationReport(long versionId, User actor) {
        versionFor(versionId, actor, Permission.READ);
        return read("read the validation report of data version " + versionId,
                h -> VersionSql.text(h, versionId, "validation_report_json"));
    }

    // ---------------------------------------------------------------------------------------------- internals

    private <T> T read(String action, Database.Work<T> work) {
        return database.read(action, work);
    }

    private <T> T change(String action, Database.Work<T> work) {
        return database.change(action, work);
    }

    private Project authorize(String project, User actor, Permission permission) {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(actor, "actor");
        Project p = projects.get(project);
        projects.requireRole(p, actor, permission);
        return p;
    }

    private DataVersion versionFor(long versionId, User actor, Permission permission) {
        Objects.requireNonNull(actor, "actor");
        DataVersion version = read("look up data version " + versionId, h -> VersionSql.requireById(h, versionId));
        projects.requireRole(projects.get(version.projectId()), actor, permission);
        return version;
    }

    private void record(Handle handle, long projectId, User actor, String action, String entityType, String entityId,
                        ObjectNode before, ObjectNode after, Instant at) {
        audit.record(handle, new AuditEvent(projectId, actor.id(), actor.username(), action, entityType, entityId,
                before == null ? null : before.toString(), after == null ? null : after.toString(), at));
    }
}
