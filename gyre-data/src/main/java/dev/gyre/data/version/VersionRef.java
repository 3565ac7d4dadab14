package dev.gyre.data.version;

import dev.gyre.core.GyreException;

/**
 * A reference to a version of a data set: {@code NAME@N} (version N, counting from 1) or
 * {@code NAME@latest} (the highest version at the time it is resolved).
 *
 * @param dataSet the data set's name
 * @param number  the version number, or {@code null} for the latest
 */
public record VersionRef(String dataSet, Integer number) {

    /** The keyword for the latest version. */
    public static final String LATEST = "latest";

    public VersionRef {
        DataSet.requireValidName(dataSet);
        if (number != null && number < 1) {
            throw new GyreException.InvalidArgument("Version numbers start at 1; got " + number + " for data set '"
                    + dataSet + "'.");
        }
    }

    /** Version {@code number} of the data set. */
    public static VersionRef of(String dataSet, int number) {
        return new VersionRef(dataSet, number);
    }

    /** The latest version of the data set. */
    public static VersionRef latest(String dataSet) {
        return new VersionRef(dataSet, null);
    }

    /**
     * Parses {@code NAME@N} or {@code NAME@latest}. A bare name is refused: training should name the version
     * it used, and {@code @latest} says explicitly that it did not.
     *
     * @throws GyreException.InvalidArgument saying what is wrong, with an example
     */
    public static VersionRef parse(String text) {
        String example = "write NAME@N or NAME@latest, for example titanic@3";
        if (text == null || text.isBlank()) {
            throw new GyreException.InvalidArgument("The data version reference is missing; " + example + ".");
        }
        String ref = text.strip();
        int at = ref.lastIndexOf('@');
        if (at < 0) {
            throw new GyreException.InvalidArgument("The data version reference '" + Digests.shorten(ref)
                    + "' names no version; " + example + ".");
        }
        String name = ref.substring(0, at);
        String version = ref.substring(at + 1);
        if (version.equalsIgnoreCase(LATEST)) {
            return latest(name);
        }
        if (!version.matches("[0-9]{1,9}")) {
            throw new GyreException.InvalidArgument("The data version reference '" + Digests.shorten(ref)
                    + "' has the version '" + Digests.shorten(version) + "'; " + example + ".");
        }
        return of(name, Integer.parseInt(version));
    }

    /** Whether this names the latest version rather than a fixed one. */
    public boolean isLatest() {
        return number == null;
    }

    @Override
    public String toString() {
        return dataSet + "@" + (number == null ? LATEST : Integer.toString(number));
    }
}
