package dev.gyre.server.serving;

import dev.gyre.core.GyreException;
import dev.gyre.core.artifact.ArtifactPath;
import dev.gyre.core.artifact.ArtifactStore;
import dev.gyre.server.validation.ValidationRunner;
import dev.gyre.serving.deploy.ModelLoader;
import dev.gyre.serving.pkg.GyreModel;
import dev.gyre.serving.pkg.ModelPackage;
import dev.gyre.serving.pkg.ModelPackages;
import dev.gyre.tracking.registry.ModelValidation;
import dev.gyre.tracking.registry.RegistryService;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;

/**
 * Loads registered versions for the platform's deployments: a version is served from the model package its latest
 * validation wrote ({@code validations/<model>/<version>/<stamp>/package.zip} in the artifact store), and aliases
 * are resolved through the registry.
 */
public final class RegistryModelLoader implements ModelLoader {

    private final RegistryService registry;
    private final ArtifactStore artifacts;

    /**
     * @param registry  the model registry
     * @param artifacts the artifact store itself (not the general routes' view, which hides validations)
     */
    public RegistryModelLoader(RegistryService registry, ArtifactStore artifacts) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.artifacts = Objects.requireNonNull(artifacts, "artifacts");
    }

    /**
     * @throws GyreException.NotFound when the model or version does not exist
     * @throws GyreException.Conflict when the version was never validated (so it has no package), or its package
     *                                names another model or version
     */
    @Override
    public GyreModel load(String model, int version) {
        List<ModelValidation> validations = registry.listValidations(model, version);
        if (validations.isEmpty() || validations.get(0).reportPath() == null) {
            throw new GyreException.Conflict("Version " + version + " of model '" + model + "' has not been validated,"
                    + " so it has no model package to serve. Validate it first: gyre models validate " + model + " "
                    + version + " (or POST /api/v1/models/" + model + "/versions/" + version + "/validate).");
        }
        ArtifactPath path = ArtifactPath.of(validations.get(0).reportPath()).resolve(ValidationRunner.PACKAGE_FILE);
        ModelPackage pkg;
        try (InputStream in = artifacts.get(path, true)) {
            pkg = ModelPackages.read(in);
        } catch (IOException e) {
            throw new GyreException.Internal("Unable to read the model package of version " + version + " of '"
                    + model + "': " + e.getMessage(), e);
        }
        String named = pkg.metadata().modelName();
        String namedVersion = pkg.metadata().version();
        if (!model.equals(named) || !Integer.toString(version).equals(namedVersion)) {
            throw new GyreException.Conflict("The model package stored for version " + version + " of '" + model
                    + "' names " + named + " version " + namedVersion + ". Validate the version again to write its"
                    + " package: gyre models validate " + model + " " + version + ".");
        }
        return GyreModel.of(pkg);
    }

    /** @throws GyreException.NotFound when the model or the alias does not exist */
    @Override
    public int resolveAlias(String model, String alias) {
        return registry.getModelVersionByAlias(model, alias).version();
    }
}
