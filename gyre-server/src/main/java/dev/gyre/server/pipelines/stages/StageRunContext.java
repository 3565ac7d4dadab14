package dev.gyre.server.pipelines.stages;

import dev.gyre.core.auth.User;
import java.util.Objects;

/**
 * Who a pipeline run acts as and in which project: every stage step of the run works in {@code project} with the
 * permissions of {@code actor}, so a pipeline can do nothing its starter could not do by hand.
 *
 * @param project the project's name
 * @param actor   the user the run acts as
 */
public record StageRunContext(String project, User actor) {
    public StageRunContext {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(actor, "actor");
    }
}
