package dev.gyre.server.auth;

import dev.gyre.core.auth.Permission;
import dev.gyre.core.auth.User;

/**
 * Who is making a request.
 *
 * @param user    the authenticated user
 * @param tokenId the API token used, or {@code null} when the user authenticated with a password
 */
public record Principal(User user, Long tokenId) {

    /** Whether the user's role grants the permission. */
    public boolean may(Permission permission) {
        return user.role().grants(permission);
    }
}
