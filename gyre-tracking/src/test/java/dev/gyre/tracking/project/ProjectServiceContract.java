package dev.gyre.tracking.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Permission;
import dev.gyre.core.auth.Role;
import dev.gyre.core.auth.User;
import dev.gyre.store.db.Database;
import dev.gyre.store.db.JdbcUserStore;
import dev.gyre.tracking.audit.AuditEvent;
import dev.gyre.tracking.audit.AuditRecord;
import dev.gyre.tracking.audit.JdbcAuditLog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link ProjectService} contract; run once per database by the subclasses. */
abstract class ProjectServiceContract {

    private static final Instant NOW = Instant.parse("2030-01-02T03:04:05.123456789Z");
    private static final String BIKES = """
            problem: Forecast rented bikes per hour
            task_type: regression
            target: cnt
            success_metric: "rmse <= 60"
            """;

    @TempDir
    Path tempDir;

    private Database database;
    private JdbcAuditLog audit;
    private ProjectService projects;
    private User alice;
    private User bob;
    private User carol;
    private User root;

    /** A migrated database on a fresh schema. */
    protected abstract Database open(Path tempDir);

    @BeforeEach
    void setUp() {
        database = open(tempDir);
        audit = new JdbcAuditLog(database);
        projects = new ProjectService(database, audit, new CharterParser(), Clock.fixed(NOW, ZoneOffset.UTC));
        JdbcUserStore users = new JdbcUserStore(database);
        alice = users.create("alice", Role.DATA_SCIENTIST, null);
        bob = users.create("bob", Role.DATA_SCIENTIST, null);
        carol = users.create("carol", Role.VIEWER, null);
        root = users.create("root", Role.ADMIN, null);
    }

    @AfterEach
    void tearDown() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void createsProjectWithCreatorAsAdminAndAuditsIt() throws Exception {
        Project project = projects.create("titanic", "  Who survived?  ", alice);

        assertThat(project.name()).isEqualTo("titanic");
        assertThat(project.description()).isEqualTo("Who survived?");
        assertThat(project.productionAlias()).isEqualTo("production");
        assertThat(project.createdAt()).isEqualTo(Instant.parse("2030-01-02T03:04:05.123456Z"));
        assertThat(projects.get("titanic")).isEqualTo(project);
        assertThat(projects.get(project.id())).isEqualTo(project);
        assertThat(projects.roleOf(project.id(), alice.id())).contains(Role.ADMIN);
        assertThat(projects.roleOf(project.id(), bob.id())).isEmpty();
        List<AuditRecord> records = audit.list(project.id(), 0, 10);
        assertThat(records).hasSize(1);
        AuditEvent event = records.get(0).event();
        assertThat(event.action()).isEqualTo("project.create");
        assertThat(event.actorName()).isEqualTo("alice");
        assertThat(event.beforeJson()).isNull();
        assertThat(new ObjectMapper().readTree(event.afterJson()).get("admin").asText()).isEqualTo("alice");
    }

    @Test
    void refusesDuplicateOrInvalidProjectsAndCreatorsWithoutWriteRole() {
        projects.create("titanic", null, alice);

        assertThatThrownBy(() -> projects.create("titanic", null, bob))
                .isInstanceOf(GyreException.AlreadyExists.class).hasMessageContaining("'titanic' already exists");
        assertThatThrownBy(() -> projects.create("Titanic!", null, bob))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("lower-case letters");
        assertThatThrownBy(() -> projects.create("bikes", "x".repeat(5001), bob))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("at most 5000");
        assertThatThrownBy(() -> projects.create("bikes", null, carol))
                .isInstanceOf(GyreException.PermissionDenied.class)
                .hasMessage("User 'carol' has the platform role viewer, which may not create projects; that needs one of:"
                        + " admin, data-scientist, ml-engineer.");
        assertThatThrownBy(() -> projects.get("bikes")).isInstanceOf(GyreException.NotFound.class);
    }

    @Test
    void listsProjectsOfMembersAndAllForPlatformAdmins() {
        projects.create("titanic", null, alice);
        projects.create("bikes", null, bob);
        projects.addMember("titanic", "bob", Role.VIEWER, alice);

        assertThat(projects.list(alice)).extracting(Project::name).containsExactly("titanic");
        assertThat(projects.list(bob)).extracting(Project::name).containsExactly("bikes", "titanic");
        assertThat(projects.list(carol)).isEmpty();
        assertThat(projects.list(root)).extracting(Project::name).containsExactly("bikes", "titanic");
    }

    @Test
    void adminsAddUpdateAndRemoveMembersWithAuditRecords() throws Exception {
        Project project = projects.create("titanic", null, alice);

        ProjectMember added = projects.addMember("titanic", "bob", Role.DATA_SCIENTIST, alice);
        ProjectMember updated = projects.updateMember("titanic", "bob", Role.ML_ENGINEER, alice);
        projects.updateMember("titanic", "bob", Role.ML_ENGINEER, alice);
        projects.addMember("titanic", "carol", Role.VIEWER, root);

        assertThat(added.role()).isEqualTo(Role.DATA_SCIENTIST);
        assertThat(updated.role()).isEqualTo(Role.ML_ENGINEER);
        assertThat(projects.members("titanic")).extracting(ProjectMember::username, ProjectMember::role)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alice", Role.ADMIN),
                        org.assertj.core.groups.Tuple.tuple("bob", Role.ML_ENGINEER),
                        org.assertj.core.groups.Tuple.tuple("carol", Role.VIEWER));

        projects.removeMember("titanic", "bob", alice);

        assertThat(projects.roleOf(project.id(), bob.id())).isEmpty();
        List<AuditRecord> memberEvents = audit.listForEntity("project_member", "titanic/bob");
        assertThat(memberEvents).extracting(r -> r.event().action())
                .containsExactly("member.add", "member.update", "member.remove");
        ObjectMapper json = new ObjectMapper();
        JsonNode before = json.readTree(memberEvents.get(1).event().beforeJson());
        JsonNode after = json.readTree(memberEvents.get(1).event().afterJson());
        assertThat(before.get("role").asText()).isEqualTo("data-scientist");
        assertThat(after.get("role").asText()).isEqualTo("ml-engineer");
        assertThat(memberEvents.get(2).event().afterJson()).isNull();
        assertThatThrownBy(() -> projects.addMember("titanic", "carol", Role.SME, alice))
                .isInstanceOf(GyreException.AlreadyExists.class).hasMessageContaining("with role viewer");
        assertThatThrownBy(() -> projects.addMember("titanic", "nobody", Role.SME, alice))
                .isInstanceOf(GyreException.NotFound.class).hasMessageContaining("'nobody' does not exist");
        assertThatThrownBy(() -> projects.removeMember("titanic", "bob", alice))
                .isInstanceOf(GyreException.NotFound.class).hasMessageContaining("not a member");
    }

    @Test
    void onlyProjectAdminsAndPlatformAdminsManageMembers() {
        Project project = projects.create("titanic", null, alice);
        projects.addMember("titanic", "bob", Role.DATA_SCIENTIST, alice);

        assertThatThrownBy(() -> projects.addMember("titanic", "carol", Role.ADMIN, bob))
                .isInstanceOf(GyreException.PermissionDenied.class)
                .hasMessage("User 'bob' has role data-scientist in project 'titanic', which does not grant manage_users;"
                        + " ask an admin of the project for one of: admin.");
        assertThatThrownBy(() -> projects.requireRole(project, carol, Permission.READ))
                .isInstanceOf(GyreException.PermissionDenied.class)
                .hasMessage("User 'carol' is not a member of project 'titanic'; ask an admin of the project to add them.");
        projects.requireRole(project, bob, Permission.WRITE_TRACKING);
        projects.requireRole(project, root, Permission.MANAGE_USERS);
        assertThat(projects.may(project, bob, Permission.DEPLOY)).isFalse();
        assertThat(projects.may(project, bob, Permission.READ)).isTrue();
        assertThat(projects.may(project, root, Permission.DEPLOY)).isTrue();
        assertThat(projects.members("titanic")).hasSize(2);
    }

    @Test
    void refusesRemovingOrDemotingTheLastAdmin() {
        projects.create("titanic", null, alice);
        projects.addMember("titanic", "bob", Role.DATA_SCIENTIST, alice);

        assertThatThrownBy(() -> projects.removeMember("titanic", "alice", alice))
                .isInstanceOf(GyreException.Conflict.class)
                .hasMessage("User 'alice' is the last admin of project 'titanic'; make another member admin before you"
                        + " remove them.");
        assertThatThrownBy(() -> projects.updateMember("titanic", "alice", Role.VIEWER, root))
                .isInstanceOf(GyreException.Conflict.class);

        projects.updateMember("titanic", "bob", Role.ADMIN, alice);
        projects.removeMember("titanic", "alice", bob);

        assertThat(projects.members("titanic")).extracting(ProjectMember::username).containsExactly("bob");
    }

    @Test
    void charterVersionsGrowOnlyWhenTheCanonicalCharterChanges() {
        Project project = projects.create("bikes", null, alice);

        CharterVersion first = projects.putCharter("bikes", BIKES, CharterFormat.YAML, alice);
        CharterVersion same = projects.putCharter("bikes", """
                {"problem": "Forecast rented bikes per hour", "task_type": "regression", "target": "cnt",
                 "success_metric": {"metric": "rmse", "op": "<=", "threshold": 60}}""", CharterFormat.JSON, alice);
        CharterVersion second = projects.putCharter("bikes", BIKES.replace("60", "55")
                + "promotion: {production_alias: live}\n", CharterFormat.YAML, alice);

        assertThat(first.version()).isEqualTo(1);
        assertThat(first.source()).isEqualTo(BIKES);
        assertThat(first.sha256()).isEqualTo(ProjectService.sha256(first.canonicalJson())).hasSize(64);
        assertThat(same).isEqualTo(first);
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.charter().successMetric().threshold()).isEqualTo(55.0);
        assertThat(projects.charter("bikes")).contains(second);
        assertThat(projects.charter("bikes", 1)).isEqualTo(first);
        assertThat(projects.charterHistory("bikes")).containsExactly(first, second);
        assertThat(projects.get("bikes").productionAlias()).isEqualTo("live");
        assertThat(audit.listForEntity("charter", "bikes")).extracting(r -> r.event().action())
                .containsExactly("charter.create", "charter.update");
        assertThat(audit.listForEntity("charter", "bikes").get(1).event().beforeJson()).contains(first.sha256());
        assertThat(audit.list(project.id(), 0, 100)).hasSize(3);
        assertThatThrownBy(() -> projects.charter("bikes", 3))
                .isInstanceOf(GyreException.NotFound.class).hasMessageContaining("no charter version 3");
    }

    @Test
    void refusedCharterWritesLeaveNothingBehind() {
        Project project = projects.create("bikes", null, alice);
        projects.addMember("bikes", "carol", Role.VIEWER, alice);

        assertThatThrownBy(() -> projects.putCharter("bikes", BIKES, CharterFormat.YAML, carol))
                .isInstanceOf(GyreException.PermissionDenied.class).hasMessageContaining("write_tracking");
        assertThatThrownBy(() -> projects.putCharter("bikes", BIKES.replace("rmse <= 60", "rmse >= 60"),
                CharterFormat.YAML, alice))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageStartingWith("success_metric: rmse is better");
        assertThatThrownBy(() -> projects.putCharter("nope", BIKES, CharterFormat.YAML, alice))
                .isInstanceOf(GyreException.NotFound.class);

        assertThat(projects.charter("bikes")).isEmpty();
        assertThat(projects.charterHistory("bikes")).isEmpty();
        assertThat(audit.list(project.id(), 0, 100)).extracting(r -> r.event().action())
                .containsExactly("project.create", "member.add");
    }

    @Test
    void concurrentCharterWritesGetConsecutiveVersions() throws Exception {
        projects.create("bikes", null, alice);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<CharterVersion>> writes = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            for (int i = 0; i < 3; i++) {
                String text = BIKES.replace("60", Integer.toString(50 + i));
                writes.add(pool.submit(() -> {
                    start.await();
                    return projects.putCharter("bikes", text, CharterFormat.YAML, alice);
                }));
            }
            start.countDown();
            List<Integer> versions = new ArrayList<>();
            for (Future<CharterVersion> write : writes) {
                versions.add(write.get(30, TimeUnit.SECONDS).version());
            }

            assertThat(versions).containsExactlyInAnyOrder(1, 2, 3);
            assertThat(projects.charterHistory("bikes")).extracting(CharterVersion::version).containsExactly(1, 2, 3);
        } finally {
            pool.shutdownNow();
        }
    }
}
