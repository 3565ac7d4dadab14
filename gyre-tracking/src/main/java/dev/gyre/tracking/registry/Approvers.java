package dev.gyre.tracking.registry;

import dev.gyre.core.auth.Permission;
import dev.gyre.core.auth.User;

/**
 * Decides who may approve a promotion. Implementations are thread-safe and read-only.
 */
@FunctionalInterface
public interface Approvers {

    /**
     * Whether {@code user} holds one of the approving roles in the project.
     *
     * @param projectId the model's project, or {@code null} for a model outside any project, where the
     *                  answer rests on the user's platform role
     * @param user      the would-be approver (never {@code null})
     */
    boolean mayApprove(Long projectId, User user);

    /**
     * Approvers by platform role only: users whose role grants {@link Permission#DEPLOY} (admin,
     * ml-engineer, ops), whatever the project. Disabled users never approve.
     */
    static Approvers byPlatformRole() {
        return (projectId, user) -> !user.disabled() && user.role().grants(Permission.DEPLOY);
    }
}
