package dev.gyre.serving.deploy;

import dev.gyre.core.GyreException;
import dev.gyre.serving.pkg.GyreModel;

/**
 * Loads the models a deployment serves, typically from the model registry's packages. {@link Deployments} calls
 * it only while changing a deployment, never on the prediction path, and caches what it returns per
 * (model, version).
 */
@FunctionalInterface
public interface ModelLoader {

    /**
     * Loads one registered version, ready to predict. The returned model's package metadata must name the same
     * model and version.
     *
     * @throws GyreException.NotFound when there is no such version; any exception leaves the deployment as it was
     */
    GyreModel load(String model, int version);

    /**
     * The version an alias points at now. The default refuses every alias; a registry-backed loader overrides it.
     *
     * @throws GyreException.NotFound when the alias is not set
     */
    default int resolveAlias(String model, String alias) {
        throw new GyreException.NotFound("alias '" + alias + "' of model '" + model
                + "' cannot be resolved by this loader; deploy a fixed version instead");
    }
}
