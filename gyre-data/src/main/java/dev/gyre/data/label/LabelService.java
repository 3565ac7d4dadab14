package dev.gyre.data.label;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Permission;
import dev.gyre.core.auth.User;
import dev.gyre.core.table.Table;
import dev.gyre.data.label.LabelStore.Label;
import dev.gyre.data.label.LabelStore.ReviewRow;
import dev.gyre.store.db.Database;
import dev.gyre.store.db.JdbcUserStore;
import dev.gyre.store.db.SqlSupport;
import dev.gyre.store.db.StoreFailures;
import dev.gyre.tracking.audit.AuditEvent;
import dev.gyre.tracking.audit.JdbcAuditLog;
import dev.gyre.tracking.project.Project;
import dev.gyre.tracking.project.ProjectService;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.JdbiException;

/**
 * Labelling by domain experts, on the V6 tables.
 *
 * <p><b>Who may do what.</b> Creating, closing and staffing a task needs {@link Permission#WRITE_DATA} in its
 * project. Only members whose project role is {@code sme} or {@code admin}, and platform admins, can be assigned
 * as annotators. Labelling needs an assignment (and {@link Permission#LABEL}); reviewing needs
 * {@link Permission#LABEL} and must not be done by anyone who labelled the item. Reads ({@link #task},
 * {@link #tasks}, {@link #annotations}, {@link #agreement}, {@link #finalLabels}) are not checked here: callers
 * check {@link Permission#READ} with {@link ProjectService#requireRole} first.
 *
 * <p><b>Labels.</b> Each assigned annotator gives at most one label per item and may change it until the item
 * is settled. An item takes new labels only until it has the task's {@code annotatorsPerItem} of them. A
 * review accepts (keeping the annotators' label, or the one of their labels the reviewer names) or rejects with
 * a comment (naming the right label, or sending the item back to its annotators when it names none). Accepting
 * or naming a label settles the item: its labels can no longer change; a later review replaces the earlier one.
 *
 * <p><b>Final labels</b> ({@link #finalLabels}): an item's final label is its review's label when it has one;
 * an item whose review sent it back has none until it is reviewed again; an unreviewed item has the label more
 * than half of its labels agree on, once it has at least {@code annotatorsPerItem} labels (so two annotators
 * must agree, and two of three suffice). Any other item has no final label.
 *
 * <p><b>Transactions.</b> Every change is one transaction that also writes its audit record; a change that
 * would change nothing (assigning someone twice, giving the same label again, closing a closed task) writes
 * nothing. Changes to one task are serialised by locking the task's row — labelling happens at human speed, so
 * the wait is short — which also keeps a label from slipping in while the task is being closed. Thread-safe.
 */
public final class LabelService {

    /** Largest page of {@link #items}. */
    public static final int MAX_PAGE_SIZE = 500;

    private static final ObjectMapper JSON = LabelChecks.JSON;

    private final Database database;
    private final ProjectService projects;
    private final JdbcAuditLog audit;
    private final Clock clock;
    private final JdbcUserStore users;

    public LabelService(Database database, ProjectService projects, JdbcAuditLog audit, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.projects = Objects.requireNonNull(projects, "projects");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.users = new JdbcUserStore(database, clock);
    }

    /**
     * Creates an open task with one item per row; audited as {@code label_task.create}.
     *
     * @throws GyreException.NotFound         if the project does not exist
     * @throws GyreException.PermissionDenied if the actor lacks WRITE_DATA in the project
     * @throws GyreException.AlreadyExists    if the project has a task of that name
     */
    public LabelTask createTask(String project, NewLabelTask request, User actor) {
        Objects.requireNonNull(request, "request");
        Project p = projects.get(project);
        projects.requireRole(p, actor, Permission.WRITE_DATA);
        Instant now = SqlSupport.truncate(clock.instant());
        try {
            return database.jdbi().inTransaction(handle -> {
                long id = LabelStore.insertTask(handle, p.id(), request, actor.id(), now);
                LabelStore.insertItems(handle, id, request);
                LabelTask task = LabelStore.task(handle, id).orElseThrow();
                audit.record(handle, event(task, actor, "label_task.create", "label_task", Long.toString(id), null,
                        LabelChecks.taskJson(task), now));
                return task;
            });
        } catch (JdbiException e) {
            if (SqlSupport.hasSqlState(e, SqlSupport.UNIQUE_VIOLATION)) {
                throw new GyreException.AlreadyExists("Project '" + p.name() + "' already has a label task named '"
                        + request.name() + "'; choose another name.");
            }
            throw StoreFailures.wrap("create label task '" + request.name() + "'", e);
        }
    }

    /**
     * The task with this id.
     *
     * @throws GyreException.NotFound if there is none
     */
    public LabelTask task(long taskId) {
        return read("read label task " + taskId, handle -> LabelChecks.requireTask(handle, taskId));
    }

    /**
     * The project's tasks, oldest first.
     *
     * @throws GyreException.NotFound if the project does not exist
     */
    public List<LabelTask> tasks(String project) {
        Project p = projects.get(project);
        return read("list the label tasks of project '" + p.name() + "'", handle -> LabelStore.tasks(handle, p.id()));
    }

    /**
     * Closes the task: labels and reviews can no longer change. Audited as {@code label_task.close}; closing a
     * closed task changes nothing.
     *
     * @throws GyreException.NotFound         if the task does not exist
     * @throws GyreException.PermissionDenied if the actor lacks WRITE_DATA in the project
     */
    public LabelTask closeTask(long taskId, User actor) {
        LabelTask before = task(taskId);
        projects.requireRole(projects.get(before.projectId()), actor, Permission.WRITE_DATA);
        return change("close label task " + taskId, handle -> {
            LabelTask task = LabelChecks.lockTask(handle, taskId);
            if (!task.isOpen()) {
                return task;
            }
            LabelStore.setStatus(handle, taskId, LabelTask.Status.CLOSED);
            LabelTask after = LabelChecks.requireTask(handle, taskId);
            Instant now = SqlSupport.truncate(clock.instant());
            audit.record(handle, event(task, actor, "label_task.close", "label_task", Long.toString(taskId),
                    LabelChecks.taskJson(task), LabelChecks.taskJson(after), now));
            return after;
        });
    }

    /**
     * Assigns a user to label the task; audited as {@code label_assignment.create}. Assigning someone who is
     * assigned already changes nothing.
     *
     * @throws GyreException.NotFound         if the task or user does not exist
     * @throws GyreException.PermissionDenied if the actor lacks WRITE_DATA in the project, or the user is neither
     *                                        an {@code sme} nor an {@code admin} of the project nor a platform admin
     * @throws GyreException.Conflict         if the task is closed
     */
    public void assign(long taskId, String username, User actor) {
        Objects.requireNonNull(username, "username");
        LabelTask task = task(taskId);
        Project p = projects.get(task.projectId());
        projects.requireRole(p, actor, Permission.WRITE_DATA);
        User assignee = users.findByUsername(username).orElseThrow(() -> new GyreException.NotFound("User '"
                + username + "' does not exist; create the user first."));
        LabelChecks.requireAnnotatorRole(projects, p, assignee);
        change("assign '" + username + "' to label task " + taskId, handle -> {
            LabelChecks.requireOpen(LabelChecks.lockTask(handle, taskId));
            if (LabelStore.isAssigned(handle, taskId, assignee.id())) {
                return null;
            }
            Instant now = SqlSupport.truncate(clock.instant());
            LabelStore.assign(handle, taskId, assignee.id(), actor.id(), now);
            ObjectNode after = JSON.createObjectNode().put("task", task.name()).put("annotator", username);
            audit.record(handle, event(task, actor, "label_assignment.create", "label_assignment",
                    taskId + "/" + username, null, after, now));
            return null;
        });
    }

    /** The user names of the task's annotators, sorted; empty when none is assigned (or the task does not exist). */
    public List<String> annotators(long taskId) {
        return read("list the annotators of label task " + taskId, handle -> LabelStore.annotators(handle, taskId));
    }

    /**
     * A page of the items the annotator can work on: those they have not labelled first (skipping items that
     * have all their labels or are settled), then those they have, each by row index. Labelling moves an item
     * from the first part to the second, so a client working through the queue reloads from offset 0.
     *
     * @param offset how many items of the whole list to skip, 0 or more
     * @param limit  1 to {@value #MAX_PAGE_SIZE}
     * @throws GyreException.PermissionDenied if the user is not assigned to the task
     */
    public LabelItemPage items(long taskId, User annotator, int offset, int limit) {
        Objects.requireNonNull(annotator, "annotator");
        if (offset < 0 || limit < 1 || limit > MAX_PAGE_SIZE) {
            throw new GyreException.InvalidArgument("offset must be 0 or more and limit between 1 and " + MAX_PAGE_SIZE
                    + ", got offset " + offset + " and limit " + limit + ".");
        }
        return read("list the items of label task " + taskId, handle -> {
            LabelTask task = LabelChecks.requireTask(handle, taskId);
            LabelChecks.requireAssigned(handle, task, annotator);
            int[] counts = LabelStore.queueCounts(handle, taskId, annotator.id(), task.annotatorsPerItem());
            List<LabelItem> items = LabelStore.queue(handle, taskId, annotator.id(), task.annotatorsPerItem(),
                    offset, limit);
            return new LabelItemPage(items, offset, counts[0], counts[1]);
        });
    }

    /**
     * Gives or changes the annotator's label of a row; audited as {@code label_annotation.create} or
     * {@code .update} (giving the same label again changes nothing).
     *
     * @throws GyreException.InvalidArgument  if the label is not one of the task's allowed labels
     * @throws GyreException.NotFound         if the task does not exist or the row is not part of it
     * @throws GyreException.PermissionDenied if the annotator is not assigned or may not label in the project
     * @throws GyreException.Conflict         if the task is closed, the item is settled, or it already has all the
     *                                        labels the task asks for
     */
    public Annotation annotate(long taskId, int rowIndex, String label, User annotator) {
        Objects.requireNonNull(annotator, "annotator");
        LabelTask task = task(taskId);
        LabelChecks.requireAllowed(task, label, "label");
        projects.requireRole(projects.get(task.projectId()), annotator, Permission.LABEL);
        return change("label row " + rowIndex + " of label task " + taskId, handle -> {
            LabelChecks.requireOpen(LabelChecks.lockTask(handle, taskId));
            LabelChecks.requireAssigned(handle, task, annotator);
            LabelStore.ItemRef item = LabelChecks.requireItem(handle, task, rowIndex);
            LabelChecks.requireUnsettled(handle, task, item);
            List<Label> labels = LabelStore.labelsOfItem(handle, item.id());
            Optional<Label> mine = labels.stream().filter(l -> l.annotatorId() == annotator.id()).findFirst();
            Instant now = SqlSupport.truncate(clock.instant());
            String entity = taskId + "/" + rowIndex + "/" + annotator.username();
            if (mine.isPresent()) {
                Label before = mine.get();
                if (before.label().equals(label)) {
                    return annotation(taskId, before);
                }
                LabelStore.updateLabel(handle, item.id(), annotator.id(), label, now);
                audit.record(handle, event(task, annotator, "label_annotation.update", "label_annotation", entity,
                        JSON.createObjectNode().put("label", before.label()),
                        JSON.createObjectNode().put("label", label), now));
                return new Annotation(taskId, rowIndex, annotator.username(), label, before.createdAt(), now);
            }
            if (labels.size() >= task.annotatorsPerItem()) {
                throw new GyreException.Conflict("Row " + rowIndex + " of label task '" + task.name() + "' already has"
                        + " the " + task.annotatorsPerItem() + " label(s) the task asks for; label another row.");
            }
            LabelStore.insertLabel(handle, item.id(), annotator.id(), label, now);
            audit.record(handle, event(task, annotator, "label_annotation.create", "label_annotation", entity, null,
                    JSON.createObjectNode().put("label", label), now));
            return new Annotation(taskId, rowIndex, annotator.username(), label, now, now);
        });
    }

    /**
     * Reviews a row's labels; audited as {@code label_review.create} or {@code .update}.
     *
     * @param accepted   true to accept the annotators' label: {@code finalLabel} may name one of their labels
     *                   and must when they disagree; false to reject, with a comment
     * @param finalLabel the item's label from now on, or {@code null} (accept: the label most of the annotators
     *                   gave; reject: send the item back to its annotators)
     * @param comment    why; required to reject
     * @throws GyreException.InvalidArgument  if a rejection has no comment, the final label is not allowed, or an
     *                                        acceptance does not say which of differing labels is right
     * @throws GyreException.NotFound         if the task does not exist or the row is not part of it
     * @throws GyreException.PermissionDenied if the reviewer may not label in the project or labelled this row
     * @throws GyreException.Conflict         if the task is closed or the row has no labels yet
     */
    public Review review(long taskId, int rowIndex, boolean accepted, String finalLabel, String comment,
                         User reviewer) {
        Objects.requireNonNull(reviewer, "reviewer");
        LabelTask task = task(taskId);
        String text = comment == null || comment.isBlank() ? null : comment.strip();
        if (!accepted && text == null) {
            throw new GyreException.InvalidArgument("Say in a comment why row " + rowIndex + " is rejected, so its"
                    + " annotators can do better.");
        }
        if (text != null && text.length() > 5000) {
            throw new GyreException.InvalidArgument("The review comment is " + text.length() + " characters long;"
                    + " shorten it to at most 5000.");
        }
        if (finalLabel != null) {
            LabelChecks.requireAllowed(task, finalLabel, "final label");
        }
        projects.requireRole(projects.get(task.projectId()), reviewer, Permission.LABEL);
        return change("review row " + rowIndex + " of label task " + taskId, handle -> {
            LabelChecks.requireOpen(LabelChecks.lockTask(handle, taskId));
            LabelStore.ItemRef item = LabelChecks.requireItem(handle, task, rowIndex);
            List<Label> labels = LabelStore.labelsOfItem(handle, item.id());
            if (labels.isEmpty()) {
                throw new GyreException.Conflict("Row " + rowIndex + " of label task '" + task.name() + "' has no"
                        + " labels yet; review it once an annotator has labelled it.");
            }
            if (labels.stream().anyMatch(l -> l.annotatorId() == reviewer.id())) {
                throw new GyreException.PermissionDenied("User '" + reviewer.username() + "' labelled row " + rowIndex
                        + " of label task '" + task.name() + "' and so cannot review it; ask another member who may"
                        + " label.");
            }
            List<String> given = labels.stream().map(Label::label).toList();
            String decided = accepted ? LabelChecks.accepted(task, rowIndex, given, finalLabel) : finalLabel;
            Optional<ReviewRow> before = LabelStore.reviewOfItem(handle, item.id());
            Instant now = SqlSupport.truncate(clock.instant());
            LabelStore.putReview(handle, item.id(), reviewer.id(), reviewer.username(), accepted, text, decided, now);
            Review review = new Review(taskId, rowIndex, reviewer.username(), accepted, text, decided, now);
            audit.record(handle, event(task, reviewer, before.isPresent() ? "label_review.update" : "label_review.create",
                    "label_review", taskId + "/" + rowIndex, before.map(LabelChecks::reviewJson).orElse(null),
                    LabelChecks.reviewJson(review), now));
            return review;
        });
    }

    /**
     * Every label of the task, by row and then annotator name.
     *
     * @throws GyreException.NotFound if the task does not exist
     */
    public List<Annotation> annotations(long taskId) {
        return read("read the labels of label task " + taskId, handle -> {
            LabelChecks.requireTask(handle, taskId);
            return LabelStore.labelsOfTask(handle, taskId).stream().map(l -> annotation(taskId, l)).toList();
        });
    }

    /**
     * How well the task's annotators agree so far (see {@link Agreement} for the measures and how rows with
     * fewer than two labels are treated).
     *
     * @throws GyreException.NotFound if the task does not exist
     */
    public AgreementReport agreement(long taskId) {
        List<Label> labels = read("read the labels of label task " + taskId, handle -> {
            LabelChecks.requireTask(handle, taskId);
            return LabelStore.labelsOfTask(handle, taskId);
        });
        return FinalLabels.agreement(labels);
    }

    /**
     * Each row's final label, by the rule in the class comment; rows without one are absent. Turn them into a
     * new dataset version with {@link #applyLabels}.
     *
     * @throws GyreException.NotFound if the task does not exist
     */
    public Map<Integer, String> finalLabels(long taskId) {
        return read("read the final labels of label task " + taskId, handle -> {
            LabelTask task = LabelChecks.requireTask(handle, taskId);
            return FinalLabels.decide(LabelStore.labelsOfTask(handle, taskId), LabelStore.reviewsOfTask(handle, taskId),
                    task.annotatorsPerItem());
        });
    }

    /**
     * The table with a categorical column {@code columnName} added at the end, holding each row's label (rows
     * without one are missing).
     *
     * @throws GyreException.InvalidArgument if the table has a column of that name already or a row index is
     *                                       outside the table
     */
    public static Table applyLabels(Table table, Map<Integer, String> labels, String columnName) {
        return FinalLabels.apply(table, labels, columnName);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private <T> T read(String action, Database.Work<T> work) {
        return database.read(action, work);
    }

    private <T> T change(String action, Database.Work<T> work) {
        return database.change(action, work);
    }

    private static Annotation annotation(long taskId, Label label) {
        return new Annotation(taskId, label.rowIndex(), label.annotator(), label.label(), label.createdAt(),
                label.updatedAt());
    }

    private static AuditEvent event(LabelTask task, User actor, String action, String entityType, String entityId,
                                    ObjectNode before, ObjectNode after, Instant at) {
        return new AuditEvent(task.projectId(), actor.id(), actor.username(), action, entityType, entityId,
                before == null ? null : LabelStore.json(before), after == null ? null : LabelStore.json(after), at);
    }
}
