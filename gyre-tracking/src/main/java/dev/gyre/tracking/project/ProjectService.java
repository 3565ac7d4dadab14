package dev.gyre.tracking.project;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.store.db.StoreFailures;
import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Permission;
import dev.gyre.core.auth.Role;
import dev.gyre.core.auth.User;
import dev.gyre.core.charter.Charter;
import dev.gyre.store.db.Database;
import dev.gyre.store.db.SqlSupport;
import dev.gyre.tracking.audit.AuditEvent;
import dev.gyre.tracking.audit.JdbcAuditLog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Projects, their members and their versioned charters, on the V2 tables.
 *
 * <p><b>Roles.</b> Each member has a per-project {@link Role}; what it allows is {@link Role#grants}.
 * Platform admins may do everything in every project without being members. The user who creates a project
 * becomes its member with role {@code admin}, whatever their platform role, so every project starts with an
 * admin who can add others; the last admin of a project can be neither removed nor demoted.
 *
 * <p><b>Who may change what.</b> Creating a project needs a platform role granting
 * {@link Permission#WRITE_TRACKING}; changing members needs {@link Permission#MANAGE_USERS} in the project
 * (project admins); writing the charter needs {@link Permission#WRITE_TRACKING} in the project. Reads are not
 * checked here: callers check {@link Permission#READ} with {@link #requireRole} first.
 *
 * <p><b>Transactions.</b> Every change is one transaction that also writes its audit record, so a change is
 * never visible without its record. Changes to one project's members and charter are serialised by locking
 * the project's row. Thread-safe.
 */
public final class ProjectService {

    private static final String PROJECT_COLUMNS = "id, name, description, production_alias, created_by, created_at";
    private static final String MEMBER_SELECT = "SELECT m.project_id, m.user_id, u.username, m.role, m.added_at"
            + " FROM project_members m JOIN users u ON u.id = m.user_id";
    private static final String CHARTER_COLUMNS = "project_id, version, format, source, canonical, sha256,"
            + " created_by, created_at";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;
    private final JdbcAuditLog audit;
    private final CharterParser parser;
    private final Clock clock;

    /** A service using the system clock. */
    public ProjectService(Database database, JdbcAuditLog audit) {
        this(database, audit, new CharterParser(), Clock.systemUTC());
    }

    /** A service taking times from {@code clock}. */
    public ProjectService(Database database, JdbcAuditLog audit, CharterParser parser, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    // ---------------------------------------------------------------------------------------------- projects

    /**
     * Creates a project with {@code creator} as its admin member; audited as {@code project.create}.
     *
     * @param description free text, or {@code null}; blank counts as none
     * @throws GyreException.InvalidArgument  if the name or description is not acceptable
     * @throws GyreException.PermissionDenied if the creator's platform role does not grant WRITE_TRACKING
     * @throws GyreException.AlreadyExists    if a project of that name exists
     * @throws GyreException.NotFound         if the creator is not a stored user
     */
    public Project create(String name, String description, User creator) {
        Project.requireValidName(name);
        Objects.requireNonNull(creator, "creator");
        String text = description == null || description.isBlank() ? null : description.strip();
        if (text != null && text.length() > Project.MAX_DESCRIPTION_LENGTH) {
            throw new GyreException.InvalidArgument("The description of project '" + name + "' is " + text.length()
                    + " characters long; shorten it to at most " + Project.MAX_DESCRIPTION_LENGTH + ".");
        }
        requireActive(creator);
        if (!creator.role().grants(Permission.WRITE_TRACKING)) {
            throw new GyreException.PermissionDenied("User '" + creator.username() + "' has the platform role "
                    + creator.role() + ", which may not create projects; that needs one of: "
                    + rolesGranting(Permission.WRITE_TRACKING) + ".");
        }
        Instant now = SqlSupport.truncate(clock.instant());
        try {
            return database.jdbi().inTransaction(handle -> {
                long id = handle.createUpdate("INSERT INTO projects (name, description, production_alias, created_by,"
                                + " created_at) VALUES (:name, :description, 'production', :createdBy, :createdAt)")
                        .bind("name", name)
                        .bind("description", text)
                        .bind("createdBy", creator.id())
                        .bind("createdAt", now)
                        .executeAndReturnGeneratedKeys("id")
                        .mapTo(Long.class)
                        .one();
                insertMember(handle, id, creator.id(), Role.ADMIN, now);
                Project project = new Project(id, name, text, "production", creator.id(), now);
                ObjectNode after = projectJson(project);
                after.put("admin", creator.username());
                audit.record(handle, event(project.id(), creator, "project.create", "project", name, null, after, now));
                return project;
            });
        } catch (JdbiException e) {
            if (SqlSupport.hasSqlState(e, SqlSupport.UNIQUE_VIOLATION)) {
                throw new GyreException.AlreadyExists("Project '" + name + "' already exists. Choose another name,"
                        + " or ask an admin of '" + name + "' to add you as a member.");
            }
            if (SqlSupport.hasSqlState(e, SqlSupport.FOREIGN_KEY_VIOLATION)) {
                throw new GyreException.NotFound("User '" + creator.username() + "' (id " + creator.id()
                        + ") does not exist, so it cannot create projects.");
            }
            throw StoreFailures.wrap("create project '" + name + "'", e);
        }
    }

    /**
     * The project of this name.
     *
     * @throws GyreException.NotFound if there is none
     */
    public Project get(String name) {
        Objects.requireNonNull(name, "name");
        return read("look up project '" + abbreviate(name) + "'", handle -> findProject(handle, name, false));
    }

    /**
     * The project with this id.
     *
     * @throws GyreException.NotFound if there is none
     */
    public Project get(long id) {
        return read("look up project " + id, handle -> handle.createQuery("SELECT " + PROJECT_COLUMNS
                        + " FROM projects WHERE id = :id")
                .bind("id", id)
                .map(ProjectService::mapProject)
                .findOne()
                .orElseThrow(() -> new GyreException.NotFound("Project " + id + " does not exist.")));
    }

    /** The projects the user may see, by name: all of them for platform admins, else those they are a member of. */
    public List<Project> list(User user) {
        Objects.requireNonNull(user, "user");
        List<Project> projects = new ArrayList<>(read("list projects", handle -> user.role() == Role.ADMIN
                ? handle.createQuery("SELECT " + PROJECT_COLUMNS + " FROM projects")
                        .map(ProjectService::mapProject).list()
                : handle.createQuery("SELECT " + PROJECT_COLUMNS + " FROM projects WHERE id IN"
                                + " (SELECT project_id FROM project_members WHERE user_id = :userId)")
                        .bind("userId", user.id())
                        .map(ProjectService::mapProject).list()));
        // Sorted here: database collations order punctuation differently.
        projects.sort(Comparator.comparing(Project::name));
        return projects;
    }

    // ----------------------------------------------------------------------------------------------- members

    /**
     * Adds a user to a project with a per-project role; audited as {@code member.add}.
     *
     * @throws GyreException.NotFound         if the project or user does not exist
     * @throws GyreException.PermissionDenied if the actor may not manage the project's members
     * @throws GyreException.AlreadyExists    if the user is a member already (use {@link #updateMember})
     */
    public ProjectMember addMember(String project, String username, Role role, User actor) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(actor, "actor");
        return change("add '" + abbreviate(username) + "' to project '" + abbreviate(project) + "'", handle -> {
            Project p = lockProject(handle, project);
            checkRole(handle, p, actor, Permission.MANAGE_USERS);
            long userId = userId(handle, username);
            Optional<ProjectMember> existing = findMember(handle, p.id(), userId);
            if (existing.isPresent()) {
                throw new GyreException.AlreadyExists("User '" + username + "' is already a member of project '"
                        + p.name() + "' with role " + existing.get().role() + "; update the member to change the role.");
            }
            Instant now = SqlSupport.truncate(clock.instant());
            insertMember(handle, p.id(), userId, role, now);
            ProjectMember member = new ProjectMember(p.id(), userId, username, role, now);
            audit.record(handle, event(p.id(), actor, "member.add", "project_member", p.name() + "/" + username,
                    null, memberJson(member), now));
            return member;
        });
    }

    /**
     * Gives a member another per-project role; audited as {@code member.update} unless the role is unchanged.
     *
     * @throws GyreException.NotFound         if the project does not exist or the user is not a member
     * @throws GyreException.PermissionDenied if the actor may not manage the project's members
     * @throws GyreException.Conflict         if it would leave the project without an admin
     */
    public ProjectMember updateMember(String project, String username, Role role, User actor) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(actor, "actor");
        return change("change the role of '" + abbreviate(username) + "' in project '" + abbreviate(project) + "'",
                handle -> {
                    Project p = lockProject(handle, project);
                    checkRole(handle, p, actor, Permission.MANAGE_USERS);
                    ProjectMember before = requireMember(handle, p, username);
                    if (before.role() == role) {
                        return before;
                    }
                    if (before.role() == Role.ADMIN) {
                        requireAnotherAdmin(handle, p, username, "give them another role");
                    }
                    Instant now = SqlSupport.truncate(clock.instant());
                    handle.createUpdate("UPDATE project_members SET role = :role, added_at = :now"
                                    + " WHERE project_id = :projectId AND user_id = :userId")
                            .bind("role", role.wireName())
                            .bind("now", now)
                            .bind("projectId", p.id())
                            .bind("userId", before.userId())
                            .execute();
                    ProjectMember after = new ProjectMember(p.id(), before.userId(), username, role, now);
                    audit.record(handle, event(p.id(), actor, "member.update", "project_member",
                            p.name() + "/" + username, memberJson(before), memberJson(after), now));
                    return after;
                });
    }

    /**
     * Removes a member; audited as {@code member.remove}.
     *
     * @throws GyreException.NotFound         if the project does not exist or the user is not a member
     * @throws GyreException.PermissionDenied if the actor may not manage the project's members
     * @throws GyreException.Conflict         if the member is the project's last admin
     */
    public void removeMember(String project, String username, User actor) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(actor, "actor");
        change("remove '" + abbreviate(username) + "' from project '" + abbreviate(project) + "'", handle -> {
            Project p = lockProject(handle, project);
            checkRole(handle, p, actor, Permission.MANAGE_USERS);
            ProjectMember before = requireMember(handle, p, username);
            if (before.role() == Role.ADMIN) {
                requireAnotherAdmin(handle, p, username, "remove them");
            }
            handle.createUpdate("DELETE FROM project_members WHERE project_id = :projectId AND user_id = :userId")
                    .bind("projectId", p.id())
                    .bind("userId", before.userId())
                    .execute();
            Instant now = SqlSupport.truncate(clock.instant());
            audit.record(handle, event(p.id(), actor, "member.remove", "project_member", p.name() + "/" + username,
                    memberJson(before), null, now));
            return null;
        });
    }

    /**
     * The members of a project, by user name.
     *
     * @throws GyreException.NotFound if the project does not exist
     */
    public List<ProjectMember> members(String project) {
        List<ProjectMember> members = new ArrayList<>(read("list the members of project '" + abbreviate(project) + "'",
                handle -> {
                    Project p = findProject(handle, project, false);
                    return handle.createQuery(MEMBER_SELECT + " WHERE m.project_id = :projectId")
                            .bind("projectId", p.id())
                            .map(ProjectService::mapMember)
                            .list();
                }));
        members.sort(Comparator.comparing(ProjectMember::username));
        return members;
    }

    /** The user's role in the project; empty when the user is not a member (or either does not exist). */
    public Optional<Role> roleOf(long projectId, long userId) {
        return read("look up a role in project " + projectId, handle -> roleOf(handle, projectId, userId));
    }

    /**
     * Whether the user may do what the permission covers in the project: platform admins always may, others
     * when their per-project role grants it. Disabled users never may.
     */
    public boolean may(Project project, User user, Permission permission) {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(permission, "permission");
        if (user.disabled()) {
            return false;
        }
        if (user.role() == Role.ADMIN || permission == Permission.PUBLIC) {
            return true;
        }
        return roleOf(project.id(), user.id()).map(r -> r.grants(permission)).orElse(false);
    }

    /**
     * Like {@link #may}, but throws when the user may not.
     *
     * @throws GyreException.PermissionDenied saying which role the user has and which roles would do
     */
    public void requireRole(Project project, User user, Permission permission) {
        Objects.requireNonNull(project, "project");
        read("check permissions in project '" + project.name() + "'", handle -> {
            checkRole(handle, project, user, permission);
            return null;
        });
    }

    // ---------------------------------------------------------------------------------------------- charters

    /**
     * Stores a charter document as the project's next version (1 for the first). A document whose canonical form
     * equals the latest version's is not a new version: the latest is returned and nothing is written. A new
     * version also sets the project's production alias from the charter's promotion policy and is audited as
     * {@code charter.create} (version 1) or {@code charter.update}.
     *
     * @throws GyreException.InvalidArgument  if the document is not a valid charter (the message names the field)
     * @throws GyreException.TooLarge         if the document is too long
     * @throws GyreException.NotFound         if the project does not exist
     * @throws GyreException.PermissionDenied if the actor may not write the project's charter (WRITE_TRACKING)
     */
    public CharterVersion putCharter(String project, String text, CharterFormat format, User actor) {
        Objects.requireNonNull(actor, "actor");
        Charter charter = parser.parse(text, format);
        String canonical = parser.toCanonicalJson(charter);
        String sha256 = sha256(canonical);
        return change("write the charter of project '" + abbreviate(project) + "'", handle -> {
            Project p = lockProject(handle, project);
            checkRole(handle, p, actor, Permission.WRITE_TRACKING);
            Optional<CharterVersion> latest = handle.createQuery("SELECT " + CHARTER_COLUMNS + " FROM charters"
                            + " WHERE project_id = :projectId ORDER BY version DESC LIMIT 1")
                    .bind("projectId", p.id())
                    .map(this::mapCharter)
                    .findOne();
            if (latest.isPresent() && latest.get().sha256().equals(sha256)) {
                return latest.get();
            }
            int version = latest.map(v -> v.version() + 1).orElse(1);
            Instant now = SqlSupport.truncate(clock.instant());
            handle.createUpdate("INSERT INTO charters (project_id, version, format, source, canonical, sha256,"
                            + " created_by, created_at) VALUES (:projectId, :version, :format, :source, :canonical,"
                            + " :sha256, :createdBy, :createdAt)")
                    .bind("projectId", p.id())
                    .bind("version", version)
                    .bind("format", format.wireName())
                    .bind("source", text)
                    .bind("canonical", canonical)
                    .bind("sha256", sha256)
                    .bind("createdBy", actor.id())
                    .bind("createdAt", now)
                    .execute();
            handle.createUpdate("UPDATE projects SET production_alias = :alias WHERE id = :id")
                    .bind("alias", charter.promotion().productionAlias())
                    .bind("id", p.id())
                    .execute();
            CharterVersion stored = new CharterVersion(p.id(), version, format, text, canonical, sha256, charter,
                    actor.id(), now);
            audit.record(handle, event(p.id(), actor, version == 1 ? "charter.create" : "charter.update", "charter",
                    p.name(), latest.map(ProjectService::charterJson).orElse(null), charterJson(stored), now));
            return stored;
        });
    }

    /**
     * The latest charter of the project, empty if it has none yet.
     *
     * @throws GyreException.NotFound if the project does not exist
     */
    public Optional<CharterVersion> charter(String project) {
        return read("read the charter of project '" + abbreviate(project) + "'", handle -> {
            Project p = findProject(handle, project, false);
            return handle.createQuery("SELECT " + CHARTER_COLUMNS + " FROM charters WHERE project_id = :projectId"
                            + " ORDER BY version DESC LIMIT 1")
                    .bind("projectId", p.id())
                    .map(this::mapCharter)
                    .findOne();
        });
    }

    /**
     * One version of the project's charter.
     *
     * @throws GyreException.NotFound if the project or that version does not exist
     */
    public CharterVersion charter(String project, int version) {
        return read("read version " + version + " of the charter of project '" + abbreviate(project) + "'", handle -> {
            Project p = findProject(handle, project, false);
            return handle.createQuery("SELECT " + CHARTER_COLUMNS + " FROM charters WHERE project_id = :projectId"
                            + " AND version = :version")
                    .bind("projectId", p.id())
                    .bind("version", version)
                    .map(this::mapCharter)
                    .findOne()
                    .orElseThrow(() -> new GyreException.NotFound("Project '" + p.name() + "' has no charter version "
                            + version + "; list the charter history to see its versions."));
        });
    }

    /**
     * Every version of the project's charter, oldest (version 1) first; empty if it has none.
     *
     * @throws GyreException.NotFound if the project does not exist
     */
    public List<CharterVersion> charterHistory(String project) {
        return read("read the charter history of project '" + abbreviate(project) + "'", handle -> {
            Project p = findProject(handle, project, false);
            return handle.createQuery("SELECT " + CHARTER_COLUMNS + " FROM charters WHERE project_id = :projectId"
                            + " ORDER BY version")
                    .bind("projectId", p.id())
                    .map(this::mapCharter)
                    .list();
        });
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private <T> T read(String action, Database.Work<T> work) {
        return database.read(action, work);
    }

    private <T> T change(String action, Database.Work<T> work) {
        return database.change(action, work);
    }

    private static Project findProject(Handle handle, String name, boolean lock) {
        Objects.requireNonNull(name, "project");
        return handle.createQuery("SELECT " + PROJECT_COLUMNS + " FROM projects WHERE name = :name"
                        + (lock ? " FOR UPDATE" : ""))
                .bind("name", name)
                .map(ProjectService::mapProject)
                .findOne()
                .orElseThrow(() -> new GyreException.NotFound("Project '" + name + "' does not exist; list the"
                        + " projects to see their names, or create it."));
    }

    /** The project, with its row locked until the transaction ends: serialises member and charter changes. */
    private static Project lockProject(Handle handle, String name) {
        return findProject(handle, name, true);
    }

    private static Optional<Role> roleOf(Handle handle, long projectId, long userId) {
        return handle.createQuery("SELECT role FROM project_members WHERE project_id = :projectId AND user_id = :userId")
                .bind("projectId", projectId)
                .bind("userId", userId)
                .mapTo(String.class)
                .findOne()
                .map(ProjectService::parseRole);
    }

    private static void checkRole(Handle handle, Project project, User user, Permission permission) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(permission, "permission");
        requireActive(user);
        if (user.role() == Role.ADMIN || permission == Permission.PUBLIC) {
            return;
        }
        Optional<Role> role = roleOf(handle, project.id(), user.id());
        if (role.isEmpty()) {
            throw new GyreException.PermissionDenied("User '" + user.username() + "' is not a member of project '"
                    + project.name() + "'; ask an admin of the project to add them.");
        }
        if (!role.get().grants(permission)) {
            throw new GyreException.PermissionDenied("User '" + user.username() + "' has role " + role.get()
                    + " in project '" + project.name() + "', which does not grant "
                    + permission.name().toLowerCase(Locale.ROOT) + "; ask an admin of the project for one of: "
                    + rolesGranting(permission) + ".");
        }
    }

    private static void requireActive(User user) {
        if (user.disabled()) {
            throw new GyreException.PermissionDenied("User '" + user.username() + "' is disabled.");
        }
    }

    private static String rolesGranting(Permission permission) {
        return Arrays.stream(Role.values()).filter(r -> r.grants(permission)).map(Role::wireName)
                .collect(Collectors.joining(", "));
    }

    private static long userId(Handle handle, String username) {
        return handle.createQuery("SELECT id FROM users WHERE username = :username")
                .bind("username", username)
                .mapTo(Long.class)
                .findOne()
                .orElseThrow(() -> new GyreException.NotFound("User '" + username + "' does not exist; create the"
                        + " user first."));
    }

    private static Optional<ProjectMember> findMember(Handle handle, long projectId, long userId) {
        return handle.createQuery(MEMBER_SELECT + " WHERE m.project_id = :projectId AND m.user_id = :userId")
                .bind("projectId", projectId)
                .bind("userId", userId)
                .map(ProjectService::mapMember)
                .findOne();
    }

    private static ProjectMember requireMember(Handle handle, Project project, String username) {
        return handle.createQuery(MEMBER_SELECT + " WHERE m.project_id = :projectId AND u.username = :username")
                .bind("projectId", project.id())
                .bind("username", username)
                .map(ProjectService::mapMember)
                .findOne()
                .orElseThrow(() -> new GyreException.NotFound("User '" + username + "' is not a member of project '"
                        + project.name() + "'."));
    }

    private static void requireAnotherAdmin(Handle handle, Project project, String username, String what) {
        long admins = handle.createQuery("SELECT COUNT(*) FROM project_members WHERE project_id = :projectId"
                        + " AND role = :admin")
                .bind("projectId", project.id())
                .bind("admin", Role.ADMIN.wireName())
                .mapTo(Long.class)
                .one();
        if (admins <= 1) {
            throw new GyreException.Conflict("User '" + username + "' is the last admin of project '" + project.name()
                    + "'; make another member admin before you " + what + ".");
        }
    }

    private static void insertMember(Handle handle, long projectId, long userId, Role role, Instant now) {
        handle.createUpdate("INSERT INTO project_members (project_id, user_id, role, added_at)"
                        + " VALUES (:projectId, :userId, :role, :addedAt)")
                .bind("projectId", projectId)
                .bind("userId", userId)
                .bind("role", role.wireName())
                .bind("addedAt", now)
                .execute();
    }

    private static AuditEvent event(long projectId, User actor, String action, String entityType, String entityId,
                                    ObjectNode before, ObjectNode after, Instant at) {
        return new AuditEvent(projectId, actor.id(), actor.username(), action, entityType, entityId,
                json(before), json(after), at);
    }

    private static String json(ObjectNode node) {
        if (node == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new GyreException.Internal("Unable to write an audit record.", e);
        }
    }

    private static ObjectNode projectJson(Project project) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", project.id());
        node.put("name", project.name());
        node.put("description", project.description());
        node.put("production_alias", project.productionAlias());
        return node;
    }

    private static ObjectNode memberJson(ProjectMember member) {
        ObjectNode node = JSON.createObjectNode();
        node.put("user", member.username());
        node.put("role", member.role().wireName());
        return node;
    }

    private static ObjectNode charterJson(CharterVersion version) {
        ObjectNode node = JSON.createObjectNode();
        node.put("version", version.version());
        node.put("sha256", version.sha256());
        try {
            node.set("charter", JSON.readTree(version.canonicalJson()));
        } catch (JsonProcessingException e) {
            throw new GyreException.Internal("Unable to read the canonical charter of project " + version.projectId()
                    + ".", e);
        }
        return node;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private static Role parseRole(String name) {
        try {
            return Role.parse(name);
        } catch (GyreException.InvalidArgument e) {
            throw new GyreException.Internal("A project member has an unknown role '" + name
                    + "' in the metadata database.", e);
        }
    }

    private static Project mapProject(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Project(rs.getLong("id"), rs.getString("name"), rs.getString("description"),
                rs.getString("production_alias"), rs.getObject("created_by", Long.class),
                SqlSupport.instant(rs, "created_at"));
    }

    private static ProjectMember mapMember(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ProjectMember(rs.getLong("project_id"), rs.getLong("user_id"), rs.getString("username"),
                parseRole(rs.getString("role")), SqlSupport.instant(rs, "added_at"));
    }

    private CharterVersion mapCharter(ResultSet rs, StatementContext ctx) throws SQLException {
        String canonical = rs.getString("canonical");
        Charter charter;
        try {
            charter = parser.parse(canonical, CharterFormat.JSON);
        } catch (GyreException.InvalidArgument e) {
            throw new GyreException.Internal("Version " + rs.getInt("version") + " of the charter of project "
                    + rs.getLong("project_id") + " no longer passes validation: " + e.getMessage(), e);
        }
        return new CharterVersion(rs.getLong("project_id"), rs.getInt("version"),
                CharterFormat.parse(rs.getString("format")), rs.getString("source"), canonical,
                rs.getString("sha256"), charter, rs.getObject("created_by", Long.class),
                SqlSupport.instant(rs, "created_at"));
    }

    private static String abbreviate(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() <= 64 ? value : value.substring(0, 61) + "...";
    }
}
