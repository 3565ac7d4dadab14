package dev.gyre.data.label;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.GyreException;
import dev.gyre.core.auth.Role;
import dev.gyre.core.auth.User;
import dev.gyre.data.label.LabelStore.ReviewRow;
import dev.gyre.tracking.project.Project;
import dev.gyre.tracking.project.ProjectService;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The checks {@link LabelService} makes before a change, each failing with a message that says how to fix it, and
 * the JSON its audit records hold.
 */
final class LabelChecks {

    static final ObjectMapper JSON = new ObjectMapper();

    private LabelChecks() {
    }

    static LabelTask requireTask(Handle handle, long taskId) {
        return LabelStore.task(handle, taskId).orElseThrow(() -> new GyreException.NotFound("Label task " + taskId
                + " does not exist; list the project's label tasks to see their ids."));
    }

    static LabelTask lockTask(Handle handle, long taskId) {
        LabelStore.lockTask(handle, taskId);
        return requireTask(handle, taskId);
    }

    static void requireOpen(LabelTask task) {
        if (!task.isOpen()) {
            throw new GyreException.Conflict("Label task '" + task.name() + "' is closed; its labels and reviews can"
                    + " no longer change.");
        }
    }

    static void requireAnnotatorRole(ProjectService projects, Project project, User user) {
        if (user.disabled()) {
            throw new GyreException.PermissionDenied("User '" + user.username() + "' is disabled and cannot label.");
        }
        if (user.role() == Role.ADMIN) {
            return;
        }
        Optional<Role> role = projects.roleOf(project.id(), user.id());
        if (role.isEmpty() || role.get() != Role.SME && role.get() != Role.ADMIN) {
            throw new GyreException.PermissionDenied("User '" + user.username() + "' "
                    + role.map(r -> "has role " + r + " in project '" + project.name() + "'")
                            .orElse("is not a member of project '" + project.name() + "'")
                    + "; only members with role sme (or admins) can be assigned to label. Ask an admin of the project"
                    + " to give them role sme.");
        }
    }

    static void requireAssigned(Handle handle, LabelTask task, User user) {
        if (!LabelStore.isAssigned(handle, task.id(), user.id())) {
            throw new GyreException.PermissionDenied("User '" + user.username() + "' is not assigned to label task '"
                    + task.name() + "'; ask a project member with write access to its data to assign them.");
        }
    }

    static void requireAllowed(LabelTask task, String label, String what) {
        if (label == null || !task.allowedLabels().contains(label)) {
            throw new GyreException.InvalidArgument("'" + label + "' is not a label of task '" + task.name()
                    + "'; the " + what + " must be one of " + task.allowedLabels() + ".");
        }
    }

    static LabelStore.ItemRef requireItem(Handle handle, LabelTask task, int rowIndex) {
        return LabelStore.lockItem(handle, task.id(), rowIndex).orElseThrow(() -> new GyreException.NotFound("Row "
                + rowIndex + " is not part of label task '" + task.name() + "'."));
    }

    static void requireUnsettled(Handle handle, LabelTask task, LabelStore.ItemRef item) {
        Optional<ReviewRow> review = LabelStore.reviewOfItem(handle, item.id());
        if (review.isPresent() && review.get().finalLabel() != null) {
            throw new GyreException.Conflict("Row " + item.rowIndex() + " of label task '" + task.name() + "' was"
                    + " reviewed by '" + review.get().reviewer() + "' and has its final label '"
                    + review.get().finalLabel() + "'; its labels can no longer change.");
        }
    }

    /** The label an acceptance settles on. */
    static String accepted(LabelTask task, int rowIndex, List<String> given, String named) {
        if (named != null) {
            if (!given.contains(named)) {
                throw new GyreException.InvalidArgument("No annotator labelled row " + rowIndex + " '" + named
                        + "' (they gave " + given + "); to set a different label, reject with it as the final label.");
            }
            return named;
        }
        return FinalLabels.plurality(given).orElseThrow(() -> new GyreException.InvalidArgument("The annotators of"
                + " row " + rowIndex + " of label task '" + task.name() + "' disagree (" + given + "); accept naming"
                + " the right label as the final label, or reject."));
    }

    static ObjectNode taskJson(LabelTask task) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", task.id());
        node.put("name", task.name());
        node.put("version_id", task.versionId());
        node.put("label_column", task.labelColumn());
        node.set("allowed_labels", JSON.valueToTree(task.allowedLabels()));
        node.put("annotators_per_item", task.annotatorsPerItem());
        node.put("status", task.status().wireName());
        node.put("items", task.itemCount());
        return node;
    }

    static ObjectNode reviewJson(ReviewRow review) {
        return reviewJson(new Review(0, review.rowIndex(), review.reviewer(), review.accepted(), review.comment(),
                review.finalLabel(), review.reviewedAt()));
    }

    static ObjectNode reviewJson(Review review) {
        ObjectNode node = JSON.createObjectNode();
        node.put("reviewer", review.reviewer());
        node.put("accepted", review.accepted());
        node.put("comment", review.comment());
        node.put("final_label", review.finalLabel());
        return node;
    }
}
