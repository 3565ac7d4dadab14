package dev.gyre.data.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Role;
import dev.gyre.core.auth.User;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Table;
import dev.gyre.store.db.Database;
import dev.gyre.store.db.JdbcUserStore;
import dev.gyre.store.testing.MutableClock;
import dev.gyre.tracking.audit.AuditRecord;
import dev.gyre.tracking.audit.JdbcAuditLog;
import dev.gyre.tracking.project.CharterParser;
import dev.gyre.tracking.project.Project;
import dev.gyre.tracking.project.ProjectService;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link LabelService} contract; run once per database by the subclasses. */
abstract class LabelServiceContract {

    private static final Instant START = Instant.parse("2030-03-04T05:06:07.123456Z");
    private static final List<String> ANIMALS = List.of("cat", "dog", "bird");

    @TempDir
    Path tempDir;

    private Database database;
    private JdbcAuditLog audit;
    private ProjectService projects;
    private LabelService labels;
    private MutableClock clock;
    private Project project;
    private User alice;
    private User sam;
    private User sue;
    private User dan;
    private User vic;
    private User root;

    /** A migrated database on a fresh schema. */
    protected abstract Database open(Path tempDir);

    @BeforeEach
    void setUp() {
        database = open(tempDir);
        audit = new JdbcAuditLog(database);
        clock = new MutableClock(START);
        projects = new ProjectService(database, audit, new CharterParser(), clock);
        labels = new LabelService(database, projects, audit, clock);
        JdbcUserStore users = new JdbcUserStore(database);
        alice = users.create("alice", Role.DATA_SCIENTIST, null);
        sam = users.create("sam", Role.SME, null);
        sue = users.create("sue", Role.SME, null);
        dan = users.create("dan", Role.DATA_SCIENTIST, null);
        vic = users.create("vic", Role.VIEWER, null);
        root = users.create("root", Role.ADMIN, null);
        users.create("nora", Role.SME, null);
        project = projects.create("pets", null, alice);
        projects.addMember("pets", "sam", Role.SME, alice);
        projects.addMember("pets", "sue", Role.SME, alice);
        projects.addMember("pets", "dan", Role.DATA_SCIENTIST, alice);
        projects.addMember("pets", "vic", Role.VIEWER, alice);
    }

    @AfterEach
    void tearDown() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void createsTaskWithItemsAndPredictionsAndAuditsIt() {
        NewLabelTask request = NewLabelTask.forRowCount("photos", 7, "species", ANIMALS, 20)
                .withInstructions("Label the animal in the photo.")
                .withAnnotatorsPerItem(2)
                .withPredictions(Map.of(3, new Prediction("dog", 0.9), 4, new Prediction("cat", null)));

        LabelTask task = labels.createTask("pets", request, alice);

        assertThat(task.projectId()).isEqualTo(project.id());
        assertThat(task.versionId()).isEqualTo(7);
        assertThat(task.name()).isEqualTo("photos");
        assertThat(task.labelColumn()).isEqualTo("species");
        assertThat(task.allowedLabels()).containsExactly("cat", "dog", "bird");
        assertThat(task.instructions()).isEqualTo("Label the animal in the photo.");
        assertThat(task.annotatorsPerItem()).isEqualTo(2);
        assertThat(task.status()).isEqualTo(LabelTask.Status.OPEN);
        assertThat(task.createdBy()).isEqualTo(alice.id());
        assertThat(task.createdAt()).isEqualTo(START);
        assertThat(task.itemCount()).isEqualTo(20);
        assertThat(labels.task(task.id())).isEqualTo(task);
        assertThat(labels.tasks("pets")).containsExactly(task);
        assertThat(actions()).contains("label_task.create");

        labels.assign(task.id(), "sam", alice);
        LabelItemPage page = labels.items(task.id(), sam, 3, 2);
        assertThat(page.items()).extracting(LabelItem::prediction)
                .containsExactly(new Prediction("dog", 0.9), new Prediction("cat", null));
    }

    @Test
    void createsTasksFromExplicitRowsAndRefusesDuplicatesAndMembersWithoutWriteAccess() {
        LabelTask task = labels.createTask("pets", NewLabelTask.forRows("some", 7, "species", ANIMALS,
                List.of(9, 2, 5)), alice);
        assertThat(task.itemCount()).isEqualTo(3);

        assertThatThrownBy(() -> labels.createTask("pets", NewLabelTask.forRowCount("some", 7, "species", ANIMALS, 3),
                dan)).isInstanceOf(GyreException.AlreadyExists.class).hasMessageContaining("already has a label task");
        assertThatThrownBy(() -> labels.createTask("pets", NewLabelTask.forRowCount("x", 7, "species", ANIMALS, 3),
                sam)).isInstanceOf(GyreException.PermissionDenied.class).hasMessageContaining("role sme");
        assertThatThrownBy(() -> labels.createTask("nope", NewLabelTask.forRowCount("x", 7, "species", ANIMALS, 3),
                alice)).isInstanceOf(GyreException.NotFound.class);
        assertThatThrownBy(() -> NewLabelTask.forRowCount("x", 7, "species", List.of("cat", "cat"), 3))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("'cat' twice");
        assertThatThrownBy(() -> NewLabelTask.forRows("x", 7, "species", ANIMALS, List.of(1, 1)))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("row 1 is listed twice");
    }

    @Test
    void assignsOnlySmesAndAdminsAndRefusesOthersClearly() {
        LabelTask task = pets(1);

        labels.assign(task.id(), "sam", alice);
        labels.assign(task.id(), "sam", alice);
        labels.assign(task.id(), "root", alice);
        labels.assign(task.id(), "alice", alice);

        assertThat(labels.annotators(task.id())).containsExactly("alice", "root", "sam");
        assertThatThrownBy(() -> labels.assign(task.id(), "dan", alice))
                .isInstanceOf(GyreException.PermissionDenied.class)
                .hasMessage("User 'dan' has role data-scientist in project 'pets'; only members with role sme (or"
                        + " admins) can be assigned to label. Ask an admin of the project to give them role sme.");
        assertThatThrownBy(() -> labels.assign(task.id(), "nora", alice))
                .isInstanceOf(GyreException.PermissionDenied.class)
                .hasMessageContaining("'nora' is not a member of project 'pets'");
        assertThatThrownBy(() -> labels.assign(task.id(), "sue", sam))
                .isInstanceOf(GyreException.PermissionDenied.class);
        assertThatThrownBy(() -> labels.assign(task.id(), "ghost", alice))
                .isInstanceOf(GyreException.NotFound.class);
        assertThat(actions().stream().filter("label_assignment.create"::equals)).hasSize(3);
    }

    @Test
    void twoAnnotatorsLabelTwentyRowsAndTheirKappaMatchesTheHandComputedValue() {
        LabelTask task = pets(2);
        labels.assign(task.id(), "sam", alice);
        labels.assign(task.id(), "sue", alice);

        for (int row = 0; row < 20; row++) {
            labels.annotate(task.id(), row, AgreementTest.ANNOTATOR_A.get(row), sam);
            labels.annotate(task.id(), row, AgreementTest.ANNOTATOR_B.get(row), sue);
        }

        AgreementReport report = labels.agreement(task.id());
        assertThat(report.items()).isEqualTo(20);
        assertThat(report.annotators()).containsExactly("sam", "sue");
        assertThat(report.percentAgreement()).isCloseTo(0.8, within(1e-12));
        assertThat(report.cohensKappa()).isCloseTo(AgreementTest.COHEN, within(1e-12));
        assertThat(report.fleissKappa()).isCloseTo(AgreementTest.FLEISS_OF_TWO, within(1e-12));
        assertThat(labels.annotations(task.id())).hasSize(40);

        // the 16 rows both labelled alike have a final label; rows 6, 7, 8 and 14 (the disagreements) do not
        Map<Integer, String> unreviewed = labels.finalLabels(task.id());
        assertThat(unreviewed).hasSize(16).doesNotContainKeys(6, 7, 8, 14).containsEntry(0, "cat")
                .containsEntry(9, "dog").containsEntry(19, "bird");

        labels.review(task.id(), 6, true, "cat", null, alice);
        labels.review(task.id(), 7, false, "bird", "The beak is visible.", alice);
        labels.review(task.id(), 8, false, null, "Too blurry to tell; look again.", alice);
        labels.review(task.id(), 0, false, "dog", "Both missed the dog.", dan);

        Map<Integer, String> reviewed = labels.finalLabels(task.id());
        assertThat(reviewed).hasSize(18).containsEntry(6, "cat").containsEntry(7, "bird").containsEntry(0, "dog")
                .doesNotContainKeys(8, 14);

        // row 8 went back to its annotators, who now agree
        labels.annotate(task.id(), 8, "bird", sam);
        labels.annotate(task.id(), 8, "bird", sue);
        labels.review(task.id(), 8, true, null, "Agreed.", dan);
        assertThat(labels.finalLabels(task.id())).containsEntry(8, "bird");

        Table version = Table.of(NumericColumn.of("id", IntStream.range(0, 20).asDoubleStream().toArray()));
        Table labelled = LabelService.applyLabels(version, labels.finalLabels(task.id()), task.labelColumn());
        assertThat(labelled.column("species").get(0)).isEqualTo("dog");
        assertThat(labelled.column("species").get(14)).isNull();
        assertThat(labelled.column("species").missingCount()).isEqualTo(1);
    }

    @Test
    void annotatorsLabelOnlyAssignedRowsWithAllowedLabelsUntilTheRowIsSettled() {
        LabelTask task = pets(2);
        labels.assign(task.id(), "sam", alice);
        labels.assign(task.id(), "sue", alice);
        labels.assign(task.id(), "root", alice);

        assertThatThrownBy(() -> labels.annotate(task.id(), 0, "horse", sam))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessage("'horse' is not a label of task 'pets'; the label must be one of [cat, dog, bird].");
        assertThatThrownBy(() -> labels.annotate(task.id(), 0, "cat", alice))
                .isInstanceOf(GyreException.PermissionDenied.class).hasMessageContaining("not assigned");
        assertThatThrownBy(() -> labels.annotate(task.id(), 20, "cat", sam))
                .isInstanceOf(GyreException.NotFound.class).hasMessageContaining("Row 20 is not part");

        Annotation first = labels.annotate(task.id(), 0, "cat", sam);
        clock.advance(Duration.ofMinutes(1));
        Annotation changed = labels.annotate(task.id(), 0, "dog", sam);
        assertThat(changed.createdAt()).isEqualTo(first.createdAt());
        assertThat(changed.updatedAt()).isEqualTo(START.plus(Duration.ofMinutes(1)));
        labels.annotate(task.id(), 0, "dog", sue);
        assertThatThrownBy(() -> labels.annotate(task.id(), 0, "dog", root))
                .isInstanceOf(GyreException.Conflict.class).hasMessageContaining("already has the 2 label(s)");

        labels.review(task.id(), 0, true, null, null, alice);
        assertThatThrownBy(() -> labels.annotate(task.id(), 0, "cat", sam))
                .isInstanceOf(GyreException.Conflict.class).hasMessageContaining("final label 'dog'");

        labels.closeTask(task.id(), alice);
        assertThat(labels.task(task.id()).status()).isEqualTo(LabelTask.Status.CLOSED);
        assertThatThrownBy(() -> labels.annotate(task.id(), 1, "cat", sam))
                .isInstanceOf(GyreException.Conflict.class).hasMessageContaining("is closed");
        assertThat(actions()).contains("label_annotation.create", "label_annotation.update", "label_task.close");
    }

    @Test
    void reviewersMayNotReviewTheirOwnLabelsAndMustExplainRejections() {
        LabelTask task = pets(2);
        labels.assign(task.id(), "sam", alice);
        labels.assign(task.id(), "sue", alice);
        labels.annotate(task.id(), 0, "cat", sam);
        labels.annotate(task.id(), 0, "dog", sue);

        assertThatThrownBy(() -> labels.review(task.id(), 0, true, "cat", null, sam))
                .isInstanceOf(GyreException.PermissionDenied.class).hasMessageContaining("labelled row 0");
        assertThatThrownBy(() -> labels.review(task.id(), 0, true, "cat", null, vic))
                .isInstanceOf(GyreException.PermissionDenied.class).hasMessageContaining("role viewer");
        assertThatThrownBy(() -> labels.review(task.id(), 0, false, "cat", " ", alice))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("comment");
        assertThatThrownBy(() -> labels.review(task.id(), 0, true, null, null, alice))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("disagree");
        assertThatThrownBy(() -> labels.review(task.id(), 0, true, "bird", null, alice))
                .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("reject with it");
        assertThatThrownBy(() -> labels.review(task.id(), 1, true, null, null, alice))
                .isInstanceOf(GyreException.Conflict.class).hasMessageContaining("no labels yet");

        Review first = labels.review(task.id(), 0, true, "cat", "Whiskers.", alice);
        assertThat(first).isEqualTo(new Review(task.id(), 0, "alice", true, "Whiskers.", "cat", START));
        labels.review(task.id(), 0, false, "bird", "Actually a parrot.", root);

        assertThat(labels.finalLabels(task.id())).containsExactly(Map.entry(0, "bird"));
        List<AuditRecord> reviews = audit.listForEntity("label_review", task.id() + "/0");
        assertThat(reviews).extracting(r -> r.event().action()).containsExactly("label_review.create",
                "label_review.update");
        assertThat(reviews.get(1).event().beforeJson()).contains("\"final_label\":\"cat\"");
    }

    @Test
    void anAnnotatorSeesUnlabelledRowsFirstInPages() {
        LabelTask task = pets(1);
        labels.assign(task.id(), "sam", alice);
        labels.assign(task.id(), "sue", alice);
        labels.annotate(task.id(), 1, "cat", sam);
        labels.annotate(task.id(), 3, "dog", sam);
        labels.annotate(task.id(), 2, "dog", sue);

        LabelItemPage first = labels.items(task.id(), sam, 0, 5);
        // row 2 has its one label (from sue), so it is not offered to sam
        assertThat(first.total()).isEqualTo(19);
        assertThat(first.unlabelled()).isEqualTo(17);
        assertThat(first.items()).extracting(LabelItem::rowIndex).containsExactly(0, 4, 5, 6, 7);
        assertThat(first.items()).allMatch(item -> item.yourLabel() == null && !item.settled());

        LabelItemPage last = labels.items(task.id(), sam, 15, 5);
        assertThat(last.items()).extracting(LabelItem::rowIndex).containsExactly(18, 19, 1, 3);
        assertThat(last.items()).extracting(LabelItem::yourLabel).containsExactly(null, null, "cat", "dog");

        assertThatThrownBy(() -> labels.items(task.id(), dan, 0, 5))
                .isInstanceOf(GyreException.PermissionDenied.class);
        assertThatThrownBy(() -> labels.items(task.id(), sam, 0, 501))
                .isInstanceOf(GyreException.InvalidArgument.class);
        assertThatThrownBy(() -> labels.task(999_999)).isInstanceOf(GyreException.NotFound.class);
    }

    private LabelTask pets(int annotatorsPerItem) {
        return labels.createTask("pets", NewLabelTask.forRowCount("pets", 7, "species", ANIMALS, 20)
                .withAnnotatorsPerItem(annotatorsPerItem), alice);
    }

    private List<String> actions() {
        return audit.list(project.id(), 0, 1000).stream().map(r -> r.event().action()).toList();
    }
}
