package dev.gyre.tracking.registry;

import java.util.Objects;

/**
 * A dataset a run consumed, as lineage keeps it.
 *
 * @param name   the dataset's name
 * @param digest its content digest (e.g. a sha256), or {@code null} when the run did not record one
 */
public record DatasetInput(String name, String digest) {
    public DatasetInput {
        Objects.requireNonNull(name, "name");
    }
}
