package dev.gyre.serving.deploy;

import dev.gyre.core.GyreException;
import dev.gyre.serving.pkg.GyreModel;
import dev.gyre.serving.pkg.PackageMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loaded models by (model, version), each with its {@link AdaptiveBatcher} when the batching settings say it
 * pays; changed only under the owning registry's write lock.
 *
 * <p>Batch statistics are kept per (model, version) across reloads: a batcher leaving the cache hands its counts
 * over once it is closed, so the totals only grow.
 */
final class ModelCache {
    private final AdaptiveBatcher.Settings batching;
    private final Map<ModelKey, ServedModel> models = new ConcurrentHashMap<>();
    /** Counts of batchers already closed, by key. */
    private final Map<ModelKey, AdaptiveBatcher.Stats> retired = new HashMap<>();
    /** Batchers removed from the cache and not yet closed, by key. */
    private final Map<ModelKey, List<AdaptiveBatcher>> closing = new HashMap<>();

    /** @param batching the batching settings; {@link AdaptiveBatcher.Mode#OFF} makes no batchers */
    ModelCache(AdaptiveBatcher.Settings batching) {
        this.batching = Objects.requireNonNull(batching, "batching");
    }

    AdaptiveBatcher.Settings batching() {
        return batching;
    }

    /** The cached model, or the loader's, checked and cached; a failure caches nothing. */
    ServedModel obtain(String model, int version, ModelLoader loader) {
        ModelKey key = new ModelKey(model, version);
        ServedModel cached = models.get(key);
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
        ServedModel served = new ServedModel(loaded, batcherFor(loaded));
        models.put(key, served);
        return served;
    }

    private AdaptiveBatcher batcherFor(GyreModel model) {
        if (batching.mode() == AdaptiveBatcher.Mode.OFF) {
            return null;
        }
        AdaptiveBatcher batcher = new AdaptiveBatcher(model, batching);
        if (!batcher.enabled()) {
            batcher.close();
            return null;
        }
        return batcher;
    }

    /**
     * Drops every model not in {@code used}. Their batchers are returned still open, for the caller to pass to
     * {@link #close(ModelKey, AdaptiveBatcher)} once it holds no lock (closing waits for queued records).
     */
    synchronized Map<ModelKey, AdaptiveBatcher> retain(Set<ModelKey> used) {
        Map<ModelKey, AdaptiveBatcher> dropped = new HashMap<>();
        for (Iterator<Map.Entry<ModelKey, ServedModel>> it = models.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<ModelKey, ServedModel> e = it.next();
            if (!used.contains(e.getKey())) {
                AdaptiveBatcher batcher = e.getValue().batcher();
                if (batcher != null) {
                    dropped.put(e.getKey(), batcher);
                    closing.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(batcher);
                }
                it.remove();
            }
        }
        return dropped;
    }

    /** Closes a batcher {@link #retain} dropped and keeps its final counts. */
    void close(ModelKey key, AdaptiveBatcher batcher) {
        batcher.close();
        synchronized (this) {
            List<AdaptiveBatcher> waiting = closing.get(key);
            if (waiting != null && waiting.remove(batcher)) {
                retired.merge(key, batcher.stats(), ModelCache::sum);
                if (waiting.isEmpty()) {
                    closing.remove(key);
                }
            }
        }
    }

    /** Closes every batcher still in the cache; their models keep answering, directly. */
    void closeBatchers() {
        for (ServedModel served : models.values()) {
            if (served.batcher() != null) {
                served.batcher().close();
            }
        }
    }

    /** What the batchers of {@code key} did so far, summed over reloads; empty when it was never batched. */
    synchronized Optional<AdaptiveBatcher.Stats> batchStats(ModelKey key) {
        AdaptiveBatcher.Stats total = retired.get(key);
        for (AdaptiveBatcher b : closing.getOrDefault(key, List.of())) {
            total = total == null ? b.stats() : sum(total, b.stats());
        }
        ServedModel served = models.get(key);
        if (served != null && served.batcher() != null) {
            AdaptiveBatcher.Stats now = served.batcher().stats();
            total = total == null ? now : sum(total, now);
        }
        return Optional.ofNullable(total);
    }

    /** The batch statistics of every key ever batched. */
    synchronized Map<ModelKey, AdaptiveBatcher.Stats> batchStats() {
        Set<ModelKey> keys = new java.util.HashSet<>(retired.keySet());
        keys.addAll(closing.keySet());
        models.forEach((key, served) -> {
            if (served.batcher() != null) {
                keys.add(key);
            }
        });
        Map<ModelKey, AdaptiveBatcher.Stats> out = new HashMap<>();
        for (ModelKey key : keys) {
            batchStats(key).ifPresent(s -> out.put(key, s));
        }
        return out;
    }

    private static AdaptiveBatcher.Stats sum(AdaptiveBatcher.Stats a, AdaptiveBatcher.Stats b) {
        long[] ca = a.batchSizeCounts();
        long[] cb = b.batchSizeCounts();
        long[] counts = new long[Math.max(ca.length, cb.length)];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = (i < ca.length ? ca[i] : 0) + (i < cb.length ? cb[i] : 0);
        }
        return new AdaptiveBatcher.Stats(a.batches() + b.batches(), a.batchedRecords() + b.batchedRecords(),
                a.direct() + b.direct(), a.fallbacks() + b.fallbacks(), counts);
    }

    /** The loaded keys. */
    Set<ModelKey> keys() {
        return Set.copyOf(models.keySet());
    }
}
