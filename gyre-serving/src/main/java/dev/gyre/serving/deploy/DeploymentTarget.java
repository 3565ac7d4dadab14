package dev.gyre.serving.deploy;

import java.util.Objects;

/**
 * What a deployment serves: a registered model and either an alias ({@code titanic@production}) or a fixed
 * version ({@code titanic/3}). Exactly one of {@code alias} and {@code version} is set.
 *
 * @param model   the registered model name
 * @param alias   the registry alias followed, or {@code null} for a fixed version
 * @param version the fixed version, or {@code null} when an alias is followed
 */
public record DeploymentTarget(String model, String alias, Integer version) {

    /** Requires a model name and exactly one of alias and version (a positive version, a non-blank alias). */
    public DeploymentTarget {
        Objects.requireNonNull(model, "model");
        if (model.isBlank()) {
            throw new IllegalArgumentException("model must not be blank");
        }
        if ((alias == null) == (version == null)) {
            throw new IllegalArgumentException("a target has exactly one of alias and version");
        }
        if (alias != null && alias.isBlank()) {
            throw new IllegalArgumentException("alias must not be blank");
        }
        if (version != null && version < 1) {
            throw new IllegalArgumentException("version must be positive: " + version);
        }
    }

    /** A target following {@code alias} of {@code model}. */
    public static DeploymentTarget alias(String model, String alias) {
        return new DeploymentTarget(model, Objects.requireNonNull(alias, "alias"), null);
    }

    /** A target fixed at {@code version} of {@code model}. */
    public static DeploymentTarget version(String model, int version) {
        return new DeploymentTarget(model, null, version);
    }

    /** True when the target follows an alias, so moving the alias retargets the deployment. */
    public boolean followsAlias() {
        return alias != null;
    }

    /** {@code model@alias} or {@code model/version}. */
    @Override
    public String toString() {
        return alias != null ? model + "@" + alias : model + "/" + version;
    }
}
