package dev.gyre.tracking.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Role;
import dev.gyre.core.auth.User;
import dev.gyre.store.db.Database;
import dev.gyre.store.db.JdbcUserStore;
import dev.gyre.tracking.project.Project;
import dev.gyre.tracking.project.ProjectService;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link JdbcAuditLog} and {@link CommentService}; run once per database by the subclasses. */
abstract class AuditAndCommentsContract {

    private static final Instant AT = Instant.parse("2030-03-04T05:06:07.891234Z");

    @TempDir
    Path tempDir;

    private Database database;
    private JdbcAuditLog audit;
    private ProjectService projects;
    private CommentService comments;
    private User alice;
    private User bob;
    private User carol;
    private User root;
    private Project project;

    /** A migrated database on a fresh schema. */
    protected abstract Database open(Path tempDir);

    @BeforeEach
    void setUp() {
        database = open(tempDir);
        audit = new JdbcAuditLog(database);
        projects = new ProjectService(database, audit);
        comments = new CommentService(database, audit, projects);
        JdbcUserStore users = new JdbcUserStore(database);
        alice = users.create("alice", Role.DATA_SCIENTIST, null);
        bob = users.create("bob", Role.DATA_SCIENTIST, null);
        carol = users.create("carol", Role.DATA_SCIENTIST, null);
        root = users.create("root", Role.ADMIN, null);
        project = projects.create("titanic", null, alice);
        projects.addMember("titanic", "bob", Role.SME, alice);
    }

    @AfterEach
    void tearDown() {
        if (database != null) {
            database.close();
        }
    }

    private AuditEvent event(Long projectId, String entityId) {
        return new AuditEvent(projectId, alice.id(), "alice", "run.update", "run", entityId, "{\"a\":1}", "{\"a\":2}", AT);
    }

    @Test
    void recordsEventsAndPagesThroughAProjectsLog() {
        audit.record(event(project.id(), "r1"));
        audit.record(event(null, "r2"));
        audit.record(event(project.id(), "r3"));

        List<AuditRecord> all = audit.list(project.id(), 0, 100);
        List<AuditRecord> firstPage = audit.list(project.id(), 0, 2);
        List<AuditRecord> secondPage = audit.list(project.id(), firstPage.get(1).id(), 2);

        assertThat(all).extracting(r -> r.event().entityId()).containsExactly("titanic", "titanic/bob", "r1", "r3");
        assertThat(all.get(2).event()).isEqualTo(event(project.id(), "r1"));
        assertThat(firstPage).containsExactlyElementsOf(all.subList(0, 2));
        assertThat(secondPage).containsExactlyElementsOf(all.subList(2, 4));
        assertThat(audit.listForEntity("run", "r2")).singleElement()
                .satisfies(r -> assertThat(r.event().projectId()).isNull());
        assertThat(audit.listForEntity("run", "r9")).isEmpty();
        assertThatThrownBy(() -> audit.list(project.id(), 0, 0))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("between 1 and 1000");
    }

    @Test
    void recordThroughHandleRollsBackWithTheCallersTransaction() {
        assertThatThrownBy(() -> database.jdbi().useTransaction(handle -> {
            audit.record(handle, event(project.id(), "r1"));
            throw new IllegalStateException("change failed");
        })).hasMessage("change failed");

        long id = database.jdbi().inTransaction(handle -> audit.record(handle, event(project.id(), "r2")));

        assertThat(audit.listForEntity("run", "r1")).isEmpty();
        assertThat(audit.listForEntity("run", "r2")).extracting(AuditRecord::id).containsExactly(id);
    }

    @Test
    void addsAndListsCommentsOldestFirstWithAuditRecords() {
        Comment first = comments.add(project.id(), "run", "abc123", bob, "  Looks overfit to me.\n");
        Comment second = comments.add(project.id(), "run", "abc123", alice, "Agreed, adding regularisation.");
        comments.add(null, "model_version", "titanic-clf/3", carol, "Ship it");

        assertThat(first.body()).isEqualTo("Looks overfit to me.");
        assertThat(first.authorName()).isEqualTo("bob");
        assertThat(comments.list("run", "abc123")).containsExactly(first, second);
        assertThat(comments.list("model_version", "titanic-clf/3")).extracting(Comment::body).containsExactly("Ship it");
        assertThat(comments.list("run", "other")).isEmpty();
        assertThat(audit.listForEntity("comment", Long.toString(first.id()))).singleElement()
                .satisfies(r -> {
                    assertThat(r.event().action()).isEqualTo("comment.add");
                    assertThat(r.event().projectId()).isEqualTo(project.id());
                    assertThat(r.event().afterJson()).contains("Looks overfit to me.");
                });
    }

    @Test
    void refusesInvalidComments() {
        assertThatThrownBy(() -> comments.add(project.id(), "run", "abc", bob, " \n\t "))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessage("The comment is empty; write some text.");
        assertThatThrownBy(() -> comments.add(project.id(), "run", "abc", bob, "x".repeat(20_001)))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("at most 20000");
        assertThatThrownBy(() -> comments.add(project.id(), "experiment", "abc", bob, "hi"))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("'run' or 'model_version'");
        assertThatThrownBy(() -> comments.add(project.id(), "run", " ", bob, "hi"))
                .isInstanceOf(GyreException.InvalidArgument.class);
        assertThatThrownBy(() -> comments.add(project.id(), "run", "abc", carol, "hi"))
                .isInstanceOf(GyreException.PermissionDenied.class).hasMessageContaining("not a member");
        assertThatThrownBy(() -> comments.add(987_654L, "run", "abc", bob, "hi"))
                .isInstanceOf(GyreException.NotFound.class);

        assertThat(comments.add(project.id(), "run", "abc", bob, "x".repeat(20_000)).body()).hasSize(20_000);
        assertThat(comments.list("run", "abc")).hasSize(1);
    }

    @Test
    void onlyAuthorsAndAdminsDeleteComments() {
        Comment byBob = comments.add(project.id(), "run", "abc", bob, "first");
        Comment byBobAgain = comments.add(project.id(), "run", "abc", bob, "second");
        Comment byAlice = comments.add(project.id(), "run", "abc", alice, "third");
        Comment unowned = comments.add(null, "run", "xyz", bob, "fourth");

        assertThatThrownBy(() -> comments.delete(byAlice.id(), bob))
                .isInstanceOf(GyreException.PermissionDenied.class)
                .hasMessage("Only the author of comment " + byAlice.id() + " or an admin of project 'titanic' may delete"
                        + " it; user 'bob' is neither.");
        assertThatThrownBy(() -> comments.delete(unowned.id(), carol))
                .isInstanceOf(GyreException.PermissionDenied.class);

        comments.delete(byBob.id(), bob);
        comments.delete(byBobAgain.id(), alice);
        comments.delete(unowned.id(), root);

        assertThat(comments.list("run", "abc")).containsExactly(byAlice);
        assertThat(comments.list("run", "xyz")).isEmpty();
        assertThat(audit.listForEntity("comment", Long.toString(byBobAgain.id()))).extracting(r -> r.event().action())
                .containsExactly("comment.add", "comment.delete");
        assertThat(audit.listForEntity("comment", Long.toString(byBobAgain.id())).get(1).event().beforeJson())
                .contains("second");
        assertThatThrownBy(() -> comments.delete(byBob.id(), bob))
                .isInstanceOf(GyreException.NotFound.class).hasMessage("Comment " + byBob.id() + " does not exist.");
    }
}
