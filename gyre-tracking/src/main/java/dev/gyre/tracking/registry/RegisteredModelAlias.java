package dev.gyre.tracking.registry;

import java.util.Objects;

/**
 * An alias of a registered model and the version it names.
 *
 * @param alias   the alias, e.g. {@code champion}
 * @param version the version number it points at (positive)
 */
public record RegisteredModelAlias(String alias, int version) {
    public RegisteredModelAlias {
        Objects.requireNonNull(alias, "alias");
        if (version < 1) {
            throw new IllegalArgumentException("version must be positive: " + version);
        }
    }
}
