package dev.gyre.core.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A platform user. Never carries the password hash: that stays in the store.
 *
 * @param id        store-assigned id
 * @param username  unique, lower case, 1-64 characters of {@code [a-z0-9._-]}, starting with a letter or digit
 * @param role      the platform role
 * @param createdAt when the user was created
 * @param disabled  a disabled user cannot authenticate (its tokens stop working too)
 */
public record User(long id, String username, Role role, Instant createdAt, boolean disabled) {

    /** The allowed shape of a user name. */
    public static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public User {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
