package dev.gyre.tracking.project;

import dev.gyre.core.auth.Role;
import java.time.Instant;
import java.util.Objects;

/**
 * A user's membership of a project.
 *
 * @param projectId the project
 * @param userId    the user
 * @param username  the user's name
 * @param role      the user's role in this project (independent of the platform role)
 * @param addedAt   when the user was added or last given a new role
 */
public record ProjectMember(long projectId, long userId, String username, Role role, Instant addedAt) {
    public ProjectMember {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(addedAt, "addedAt");
    }
}
