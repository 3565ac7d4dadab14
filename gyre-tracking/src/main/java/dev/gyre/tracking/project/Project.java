package dev.gyre.tracking.project;

import dev.gyre.core.GyreException;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A project: the unit that owns a charter, members, experiments and models.
 *
 * @param id              store-assigned id
 * @param name            unique; {@link #NAME} (lower case, digits, {@code . _ -}, 1-100 characters)
 * @param description     free text up to 5 000 characters, or {@code null}
 * @param productionAlias the registry alias that means production, from the latest charter
 *                        ({@code production} until a charter says otherwise)
 * @param createdBy       id of the user who created it, or {@code null} if that user was deleted
 * @param createdAt       when it was created
 */
public record Project(long id, String name, String description, String productionAlias, Long createdBy,
                      Instant createdAt) {

    /** Allowed shape of a project name. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    /** Longest description accepted. */
    public static final int MAX_DESCRIPTION_LENGTH = 5000;

    public Project {
        requireValidName(name);
        Objects.requireNonNull(productionAlias, "productionAlias");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /**
     * Checks a project name.
     *
     * @throws GyreException.InvalidArgument saying what the name may contain
     */
    public static String requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new GyreException.InvalidArgument("Invalid project name '" + name + "': use 1 to 100 lower-case"
                    + " letters, digits, '.', '_' or '-', starting with a letter or digit (for example titanic-survival).");
        }
        return name;
    }
}
