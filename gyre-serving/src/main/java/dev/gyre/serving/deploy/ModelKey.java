package dev.gyre.serving.deploy;

import java.util.Objects;

/**
 * One registered model version, as the model cache knows it.
 *
 * @param model   the registered model name
 * @param version the version
 */
public record ModelKey(String model, int version) {
    /** Requires a model name. */
    public ModelKey {
        Objects.requireNonNull(model, "model");
    }

    /** {@code model/version}. */
    @Override
    public String toString() {
        return model + "/" + version;
    }
}
