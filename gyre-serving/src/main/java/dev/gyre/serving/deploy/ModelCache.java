package dev.gyre.serving.deploy;

import dev.gyre.core.GyreException;
import dev.gyre.serving.pkg.GyreModel;
import dev.gyre.serving.pkg.PackageMetadata;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Loaded models by (model, version); changed only under the owning registry's write lock. */
final class ModelCache {
    private final Map<ModelKey, GyreModel> models = new ConcurrentHashMap<>();

    /** The cached model, or the loader's, checked and cached; a failure caches nothing. */
    GyreModel obtain(String model, int version, ModelLoader loader) {
        ModelKey key = new ModelKey(model, version);
        GyreModel cached = models.get(key);
        if (cached != null) {
            return cached;
        }
        GyreModel loaded;
        try {
            loaded = loader.load(model, version);
        } catch (GyreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new GyreException.Internal("loading " + key + " failed: " + e.getMessage(), e);
        }
        if (loaded == null) {
            throw new GyreException.Internal("loading " + key + " returned no model", null);
        }
        PackageMetadata meta = loaded.modelPackage().metadata();
        if (!meta.modelName().equals(model) || !meta.version().equals(Integer.toString(version))) {
            throw new GyreException.InvalidArgument("loading " + key + " returned the package of "
                    + meta.modelName() + "/" + meta.version() + "; the loader must return the version asked for");
        }
        models.put(key, loaded);
        return loaded;
    }

    /** Drops every model not in {@code used}. */
    void retain(Set<ModelKey> used) {
        models.keySet().retainAll(used);
    }

    /** The loaded keys. */
    Set<ModelKey> keys() {
        return Set.copyOf(models.keySet());
    }
}
