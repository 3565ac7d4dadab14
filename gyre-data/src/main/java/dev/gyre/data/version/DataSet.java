package dev.gyre.data.version;

import dev.gyre.core.GyreException;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named, versioned collection of data in a project, created with its first version.
 *
 * @param id            store-assigned id
 * @param projectId     the project it belongs to
 * @param name          unique in the project; {@link #NAME}
 * @param description   free text, or {@code null}
 * @param createdBy     id of the user who created it, or {@code null} if that user was deleted
 * @param createdAt     when it was created
 * @param latestVersion the highest version number
 */
public record DataSet(long id, long projectId, String name, String description, Long createdBy, Instant createdAt,
                      int latestVersion) {

    /** Allowed shape of a data set name: lower case, digits, {@code . _ -}, 1-100 characters. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    public DataSet {
        requireValidName(name);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /**
     * Checks a data set name.
     *
     * @throws GyreException.InvalidArgument saying what the name may contain
     */
    public static String requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new GyreException.InvalidArgument("Invalid data set name '" + Digests.shorten(name) + "': use 1 to"
                    + " 100 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit (for example"
                    + " titanic-raw).");
        }
        return name;
    }
}
