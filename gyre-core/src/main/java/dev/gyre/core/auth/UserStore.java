package dev.gyre.core.auth;

import java.util.List;
import java.util.Optional;

/**
 * Users and their password hashes. Implementations are thread-safe; every method is one
 * transaction.
 */
public interface UserStore {

    /**
     * Creates a user.
     *
     * @param passwordHash an encoded password hash, or {@code null} for a token-only user
     * @throws dev.gyre.core.GyreException.AlreadyExists if the user name is taken
     */
    User create(String username, Role role, String passwordHash);

    /** The user with this name, if any. */
    Optional<User> findByUsername(String username);

    /** The user with this id, if any. */
    Optional<User> findById(long id);

    /** All users ordered by user name. */
    List<User> list();

    /** The encoded password hash of the user, empty when it has none or does not exist. */
    Optional<String> passwordHash(String username);

    /**
     * Changes role, password hash and/or disabled flag; a {@code null} argument leaves that field as it is.
     *
     * @throws dev.gyre.core.GyreException.NotFound if there is no such user
     */
    User update(String username, Role role, String passwordHash, Boolean disabled);

    /** Number of users; cheap. */
    long count();
}
