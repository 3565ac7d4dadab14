package dev.gyre.data.label;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.core.GyreException;
import dev.gyre.store.db.SqlSupport;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/** The SQL of {@link LabelService} on the V6 tables; every method runs on the caller's handle. */
final class LabelStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TASK_SELECT = "SELECT t.id, t.project_id, t.version_id, t.name, t.label_column,"
            + " t.allowed_labels, t.instructions, t.annotators_per_item, t.status, t.created_by, t.created_at,"
            + " (SELECT COUNT(*) FROM label_items i WHERE i.task_id = t.id) AS item_count FROM label_tasks t";
    private static final int BATCH = 1000;
    private static final String LABEL_SELECT = "SELECT a.item_id, i.row_index, a.annotator_id, u.username, a.label,"
            + " a.created_at, a.updated_at FROM label_annotations a JOIN label_items i ON i.id = a.item_id"
            + " JOIN users u ON u.id = a.annotator_id";
    private static final String REVIEW_SELECT = "SELECT r.item_id, i.row_index, r.reviewer_name, r.accepted,"
            + " r.review_comment, r.final_label, r.reviewed_at FROM label_reviews r JOIN label_items i ON i.id = r.item_id";
    private static final String QUEUE_FROM = " FROM label_items i"
            + " LEFT JOIN label_annotations mine ON mine.item_id = i.id AND mine.annotator_id = :userId"
            + " LEFT JOIN label_reviews r ON r.item_id = i.id"
            + " WHERE i.task_id = :taskId AND (mine.label IS NOT NULL OR (r.final_label IS NULL"
            + " AND (SELECT COUNT(*) FROM label_annotations o WHERE o.item_id = i.id) < :needed))";

    /** An item's id and row. */
    record ItemRef(long id, int rowIndex) {
    }

    /** One label of an item, with who gave it. */
    record Label(long itemId, int rowIndex, long annotatorId, String annotator, String label, Instant createdAt,
                 Instant updatedAt) {
    }

    /** The current review of an item. */
    record ReviewRow(long itemId, int rowIndex, String reviewer, boolean accepted, String comment, String finalLabel,
                     Instant reviewedAt) {
    }

    private LabelStore() {
    }

    static Optional<LabelTask> task(Handle handle, long taskId) {
        return handle.createQuery(TASK_SELECT + " WHERE t.id = :id")
                .bind("id", taskId)
                .map(LabelStore::mapTask)
                .findOne();
    }

    /** Locks the task's row until the transaction ends: serialises changes to one task's items. */
    static boolean lockTask(Handle handle, long taskId) {
        return handle.createQuery("SELECT id FROM label_tasks WHERE id = :id FOR UPDATE")
                .bind("id", taskId)
                .mapTo(Long.class)
                .findOne()
                .isPresent();
    }

    static List<LabelTask> tasks(Handle handle, long projectId) {
        return handle.createQuery(TASK_SELECT + " WHERE t.project_id = :projectId ORDER BY t.id")
                .bind("projectId", projectId)
                .map(LabelStore::mapTask)
                .list();
    }

    static long insertTask(Handle handle, long projectId, NewLabelTask request, long creatorId, Instant now) {
        return handle.createUpdate("INSERT INTO label_tasks (project_id, version_id, name, label_column,"
                        + " allowed_labels, instructions, annotators_per_item, status, created_by, created_at)"
                        + " VALUES (:projectId, :versionId, :name, :labelColumn, :allowedLabels, :instructions,"
                        + " :annotatorsPerItem, 'open', :createdBy, :createdAt)")
                .bind("projectId", projectId)
                .bind("versionId", request.versionId())
                .bind("name", request.name())
                .bind("labelColumn", request.labelColumn())
                .bind("allowedLabels", json(request.allowedLabels()))
                .bind("instructions", request.instructions())
                .bind("annotatorsPerItem", request.annotatorsPerItem())
                .bind("createdBy", creatorId)
                .bind("createdAt", now)
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
    }

    static void insertItems(Handle handle, long taskId, NewLabelTask request) {
        PreparedBatch batch = handle.prepareBatch("INSERT INTO label_items (task_id, row_index, predicted_label,"
                + " prediction_score) VALUES (:taskId, :rowIndex, :label, :score)");
        int pending = 0;
        for (int row : request.rows()) {
            Prediction prediction = request.predictions().get(row);
            batch.bind("taskId", taskId)
                    .bind("rowIndex", row)
                    .bind("label", prediction == null ? null : prediction.label())
                    .bindByType("score", prediction == null ? null : prediction.score(), Double.class)
                    .add();
            if (++pending == BATCH) {
                batch.execute();
                pending = 0;
            }
        }
        if (pending > 0) {
            batch.execute();
        }
    }

    static void setStatus(Handle handle, long taskId, LabelTask.Status status) {
        handle.createUpdate("UPDATE label_tasks SET status = :status WHERE id = :id")
                .bind("status", status.wireName())
                .bind("id", taskId)
                .execute();
    }

    static boolean isAssigned(Handle handle, long taskId, long userId) {
        return handle.createQuery("SELECT COUNT(*) FROM label_assignments WHERE task_id = :taskId AND user_id = :userId")
                .bind("taskId", taskId)
                .bind("userId", userId)
                .mapTo(Long.class)
                .one() > 0;
    }

    static void assign(Handle handle, long taskId, long userId, long assignedBy, Instant now) {
        handle.createUpdate("INSERT INTO label_assignments (task_id, user_id, assigned_by, assigned_at)"
                        + " VALUES (:taskId, :userId, :assignedBy, :now)")
                .bind("taskId", taskId)
                .bind("userId", userId)
                .bind("assignedBy", assignedBy)
                .bind("now", now)
                .execute();
    }

    static List<String> annotators(Handle handle, long taskId) {
        return handle.createQuery("SELECT u.username FROM label_assignments a JOIN users u ON u.id = a.user_id"
                        + " WHERE a.task_id = :taskId ORDER BY u.username")
                .bind("taskId", taskId)
                .mapTo(String.class)
                .list();
    }

    /** The item of a row, locked until the transaction ends; empty when the row is not part of the task. */
    static Optional<ItemRef> lockItem(Handle handle, long taskId, int rowIndex) {
        return handle.createQuery("SELECT id, row_index FROM label_items WHERE task_id = :taskId"
                        + " AND row_index = :rowIndex FOR UPDATE")
                .bind("taskId", taskId)
                .bind("rowIndex", rowIndex)
                .map((rs, ctx) -> new ItemRef(rs.getLong("id"), rs.getInt("row_index")))
                .findOne();
    }

    static List<Label> labelsOfItem(Handle handle, long itemId) {
        return handle.createQuery(LABEL_SELECT + " WHERE a.item_id = :itemId ORDER BY a.annotator_id")
                .bind("itemId", itemId)
                .map(LabelStore::mapLabel)
                .list();
    }

    static List<Label> labelsOfTask(Handle handle, long taskId) {
        return handle.createQuery(LABEL_SELECT + " WHERE i.task_id = :taskId ORDER BY i.row_index, u.username")
                .bind("taskId", taskId)
                .map(LabelStore::mapLabel)
                .list();
    }

    static void insertLabel(Handle handle, long itemId, long annotatorId, String label, Instant now) {
        handle.createUpdate("INSERT INTO label_annotations (item_id, annotator_id, label, created_at, updated_at)"
                        + " VALUES (:itemId, :annotatorId, :label, :now, :now)")
                .bind("itemId", itemId)
                .bind("annotatorId", annotatorId)
                .bind("label", label)
                .bind("now", now)
                .execute();
    }

    static void updateLabel(Handle handle, long itemId, long annotatorId, String label, Instant now) {
        handle.createUpdate("UPDATE label_annotations SET label = :label, updated_at = :now"
                        + " WHERE item_id = :itemId AND annotator_id = :annotatorId")
                .bind("itemId", itemId)
                .bind("annotatorId", annotatorId)
                .bind("label", label)
                .bind("now", now)
                .execute();
    }

    static Optional<ReviewRow> reviewOfItem(Handle handle, long itemId) {
        return handle.createQuery(REVIEW_SELECT + " WHERE r.item_id = :itemId")
                .bind("itemId", itemId)
                .map(LabelStore::mapReview)
                .findOne();
    }

    static List<ReviewRow> reviewsOfTask(Handle handle, long taskId) {
        return handle.createQuery(REVIEW_SELECT + " WHERE i.task_id = :taskId ORDER BY i.row_index")
                .bind("taskId", taskId)
                .map(LabelStore::mapReview)
                .list();
    }

    static void putReview(Handle handle, long itemId, long reviewerId, String reviewer, boolean accepted,
                          String comment, String finalLabel, Instant now) {
        handle.createUpdate("DELETE FROM label_reviews WHERE item_id = :itemId").bind("itemId", itemId).execute();
        handle.createUpdate("INSERT INTO label_reviews (item_id, reviewer_id, reviewer_name, accepted, review_comment,"
                        + " final_label, reviewed_at) VALUES (:itemId, :reviewerId, :reviewer, :accepted, :comment,"
                        + " :finalLabel, :now)")
                .bind("itemId", itemId)
                .bind("reviewerId", reviewerId)
                .bind("reviewer", reviewer)
                .bind("accepted", accepted)
                .bind("comment", comment)
                .bind("finalLabel", finalLabel)
                .bind("now", now)
                .execute();
    }

    /**
     * One page of an annotator's queue: items they labelled, plus items still open to them (fewer labels than
     * the task asks for and no final label); unlabelled first, then by row.
     */
    static List<LabelItem> queue(Handle handle, long taskId, long userId, int needed, int offset, int limit) {
        return handle.createQuery("SELECT i.row_index, i.predicted_label, i.prediction_score, mine.label AS mine,"
                        + " r.final_label" + QUEUE_FROM
                        + " ORDER BY CASE WHEN mine.label IS NULL THEN 0 ELSE 1 END, i.row_index"
                        + " LIMIT :limit OFFSET :offset")
                .bind("taskId", taskId)
                .bind("userId", userId)
                .bind("needed", needed)
                .bind("limit", limit)
                .bind("offset", offset)
                .map((rs, ctx) -> {
                    String predicted = rs.getString("predicted_label");
                    Double score = rs.getObject("prediction_score") == null ? null : rs.getDouble("prediction_score");
                    return new LabelItem(rs.getInt("row_index"), predicted == null ? null
                            : new Prediction(predicted, score), rs.getString("mine"), rs.getString("final_label") != null);
                })
                .list();
    }

    /** The queue's size and how many of its items the annotator has not labelled. */
    static int[] queueCounts(Handle handle, long taskId, long userId, int needed) {
        return handle.createQuery("SELECT COUNT(*) AS total, SUM(CASE WHEN mine.label IS NULL THEN 1 ELSE 0 END)"
                        + " AS unlabelled" + QUEUE_FROM)
                .bind("taskId", taskId)
                .bind("userId", userId)
                .bind("needed", needed)
                .map((rs, ctx) -> new int[] {rs.getInt("total"), rs.getInt("unlabelled")})
                .one();
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new GyreException.Internal("Unable to write JSON for a label task.", e);
        }
    }

    private static LabelTask mapTask(ResultSet rs, StatementContext ctx) throws SQLException {
        List<String> labels;
        try {
            labels = JSON.readValue(rs.getString("allowed_labels"), new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new GyreException.Internal("Label task " + rs.getLong("id") + " has unreadable allowed labels in the"
                    + " metadata database.", e);
        }
        return new LabelTask(rs.getLong("id"), rs.getLong("project_id"), rs.getLong("version_id"), rs.getString("name"),
                rs.getString("label_column"), labels, rs.getString("instructions"), rs.getInt("annotators_per_item"),
                LabelTask.Status.parse(rs.getString("status")), rs.getObject("created_by", Long.class),
                SqlSupport.instant(rs, "created_at"), rs.getInt("item_count"));
    }

    private static Label mapLabel(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Label(rs.getLong("item_id"), rs.getInt("row_index"), rs.getLong("annotator_id"),
                rs.getString("username"), rs.getString("label"), SqlSupport.instant(rs, "created_at"),
                SqlSupport.instant(rs, "updated_at"));
    }

    private static ReviewRow mapReview(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ReviewRow(rs.getLong("item_id"), rs.getInt("row_index"), rs.getString("reviewer_name"),
                rs.getBoolean("accepted"), rs.getString("review_comment"), rs.getString("final_label"),
                SqlSupport.instant(rs, "reviewed_at"));
    }

    /** Row index → labels, for a task's labels in row order. */
    static Map<Integer, List<Label>> byRow(List<Label> labels) {
        Map<Integer, List<Label>> out = new TreeMap<>();
        for (Label label : labels) {
            out.computeIfAbsent(label.rowIndex(), k -> new ArrayList<>()).add(label);
        }
        return out;
    }
}
