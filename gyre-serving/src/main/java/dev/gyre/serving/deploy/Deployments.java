package dev.gyre.serving.deploy;

import dev.gyre.core.GyreException;
import dev.gyre.serving.pkg.GyreModel;
import dev.gyre.serving.pkg.Prediction;
import dev.gyre.serving.protocol.InferenceRequest;
import dev.gyre.serving.protocol.InferenceResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * The named deployments of one server, and the prediction path through them. Thread-safe.
 *
 * <p><b>Changes</b> ({@code deploy}, {@code retarget}, {@code setCanary}, …) are serialised by one lock. Each loads
 * every model the new state needs <em>before</em> publishing it, then swaps the deployment's routing (its state
 * and its loaded models) in one {@link AtomicReference} write. A load that fails throws and publishes nothing, so
 * the old state keeps serving. Loaded models are cached per (model, version), shared by deployments, and dropped
 * from the cache once no deployment uses them.
 *
 * <p><b>Predictions</b> take no lock: a request reads the routing once and is answered entirely by the models of
 * that snapshot, so a swap never fails or splits a request in flight. The version is picked by the
 * {@link TrafficPolicy}. When a shadow is set, the request is also offered to a bounded shadow queue and run
 * there; its answer or error goes to the {@link ShadowSink} and never to the caller. When the queue is full the
 * copy is dropped and counted ({@link #shadowDropped()}); the caller never waits for the shadow.
 *
 * <p><b>Batching</b> is off unless the registry is made with {@link AdaptiveBatcher.Settings}. With them, every
 * loaded model for which the settings' {@link AdaptiveBatcher.Mode} says batching pays gets an
 * {@link AdaptiveBatcher}: requests of one record are gathered with concurrent ones into one call of the model,
 * requests of several records are predicted as they are. A batcher is closed when its model leaves the cache and
 * at {@link #close()}; a request still holding a closed batcher is predicted directly, so a swap fails nothing.
 * {@link #batchStats} reports what the batchers did.
 */
public final class Deployments implements AutoCloseable {
    private final TrafficPolicy policy;
    private final ShadowSink sink;
    private final ThreadPoolExecutor shadowPool;
    private final Map<String, Entry> entries = new java.util.concurrent.ConcurrentHashMap<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ModelCache cache;
    private final LongAdder shadowDropped = new LongAdder();
    private final LongAdder shadowSinkFailures = new LongAdder();

    /** A deployment's loader and its current routing. */
    private record Entry(ModelLoader loader, AtomicReference<Routing> routing) {
    }

    /** A published state with the models of every version it names. */
    private record Routing(Deployment deployment, Map<Integer, ServedModel> models) {
    }

    /**
     * An empty registry with its own shadow threads.
     *
     * @param policy          picks the answering version
     * @param sink            receives the shadow outcomes
     * @param shadowThreads   threads running shadow calls, at least 1
     * @param shadowQueueSize shadow calls that may wait for a thread, at least 1; more are dropped
     */
    public Deployments(TrafficPolicy policy, ShadowSink sink, int shadowThreads, int shadowQueueSize) {
        this(policy, sink, shadowThreads, shadowQueueSize, AdaptiveBatcher.Settings.defaults()
                .withMode(AdaptiveBatcher.Mode.OFF));
    }

    /**
     * An empty registry with its own shadow threads, batching single-record requests as {@code batching} says.
     *
     * @param policy          picks the answering version
     * @param sink            receives the shadow outcomes
     * @param shadowThreads   threads running shadow calls, at least 1
     * @param shadowQueueSize shadow calls that may wait for a thread, at least 1; more are dropped
     * @param batching        when and how requests are batched; {@link AdaptiveBatcher.Mode#OFF} batches nothing
     */
    public Deployments(TrafficPolicy policy, ShadowSink sink, int shadowThreads, int shadowQueueSize,
                       AdaptiveBatcher.Settings batching) {
        this.cache = new ModelCache(batching);
        this.policy = Objects.requireNonNull(policy, "policy");
        this.sink = Objects.requireNonNull(sink, "sink");
        if (shadowThreads < 1 || shadowQueueSize < 1) {
            throw new IllegalArgumentException("shadow threads and queue size must be at least 1");
        }
        AtomicInteger count = new AtomicInteger();
        this.shadowPool = new ThreadPoolExecutor(shadowThreads, shadowThreads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(shadowQueueSize), r -> {
                    Thread t = new Thread(r, "gyre-shadow-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Random traffic draws, two shadow threads and a shadow queue of 1 000. */
    public Deployments(ShadowSink sink) {
        this(TrafficPolicy.random(), sink, 2, 1000);
    }

    /** Random traffic draws, two shadow threads, a shadow queue of 1 000, and {@code batching}. */
    public Deployments(ShadowSink sink, AdaptiveBatcher.Settings batching) {
        this(TrafficPolicy.random(), sink, 2, 1000, batching);
    }

    /** The batching settings. */
    public AdaptiveBatcher.Settings batching() {
        return cache.batching();
    }

    /**
     * Creates a deployment serving the version {@code target} names (an alias is resolved by the loader).
     *
     * @throws GyreException.AlreadyExists when {@code name} is taken
     * @throws GyreException               from resolving or loading; nothing is created then
     */
    public Deployment deploy(String name, DeploymentTarget target, ModelLoader loader) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(loader, "loader");
        writeLock.lock();
        try {
            if (entries.containsKey(name)) {
                throw new GyreException.AlreadyExists("deployment '" + name + "' already exists; retarget or "
                        + "remove it");
            }
            int version = target.followsAlias() ? loader.resolveAlias(target.model(), target.alias())
                    : target.version();
            Deployment deployment = Deployment.of(name, target, version);
            Entry entry = new Entry(loader, new AtomicReference<>());
            entry.routing().set(route(entry, deployment));
            entries.put(name, entry);
            return deployment;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Recreates a deployment in a state kept elsewhere, e.g. a platform's store after a restart: its primary,
     * canary, shadow, sticky key and previous version as they were. Every model it names is loaded first; when a
     * load fails nothing is created.
     *
     * @throws GyreException.AlreadyExists when the name is taken
     * @throws GyreException               from loading
     */
    public Deployment restore(Deployment state, ModelLoader loader) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(loader, "loader");
        writeLock.lock();
        try {
            if (entries.containsKey(state.name())) {
                throw new GyreException.AlreadyExists("deployment '" + state.name() + "' already exists; retarget or "
                        + "remove it");
            }
            Entry entry = new Entry(loader, new AtomicReference<>());
            entry.routing().set(route(entry, state));
            entries.put(state.name(), entry);
            return state;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * The deployment's current state.
     *
     * @throws GyreException.NotFound when there is none
     */
    public Deployment get(String name) {
        return entry(name).routing().get().deployment();
    }

    /** Every deployment, by name. */
    public List<Deployment> list() {
        Map<String, Deployment> sorted = new TreeMap<>();
        entries.forEach((name, entry) -> sorted.put(name, entry.routing().get().deployment()));
        return List.copyOf(sorted.values());
    }

    /**
     * Hot-swaps the primary to {@code version} (what moving the target's alias does): the model is loaded first;
     * requests in flight finish on the model they started with. A canary of that version is removed.
     *
     * @throws GyreException from loading; the old state keeps serving
     */
    public Deployment retarget(String name, int version) {
        return update(name, d -> d.withPrimary(version));
    }

    /**
     * Re-resolves the target's alias and retargets to the version it now points at; a fixed target is unchanged.
     *
     * @throws GyreException from resolving or loading; the old state keeps serving
     */
    public Deployment refresh(String name) {
        Entry entry = entry(name);
        DeploymentTarget target = entry.routing().get().deployment().target();
        if (!target.followsAlias()) {
            return get(name);
        }
        return retarget(name, entry.loader().resolveAlias(target.model(), target.alias()));
    }

    /**
     * Sends {@code percent} (0 to 100) of the traffic to {@code version}, replacing any canary.
     *
     * @throws IllegalArgumentException when the percentage is out of range
     * @throws GyreException            from loading; the old state keeps serving
     */
    public Deployment setCanary(String name, int version, int percent) {
        Deployment.Canary canary = new Deployment.Canary(version, percent);
        return update(name, d -> d.withCanary(canary));
    }

    /** Removes the canary; all traffic goes to the primary. */
    public Deployment clearCanary(String name) {
        return update(name, d -> d.withCanary(null));
    }

    /**
     * Mirrors every request to {@code version}, or stops mirroring when {@code null}.
     *
     * @throws GyreException from loading; the old state keeps serving
     */
    public Deployment setShadow(String name, Integer version) {
        return update(name, d -> d.withShadow(version));
    }

    /** Names the request attribute whose value pins callers to one side of the split, or none when {@code null}. */
    public Deployment setStickyKey(String name, String key) {
        return update(name, d -> d.withStickyKey(key));
    }

    /**
     * Makes the canary the primary (the old primary is kept for rollback) and removes the canary.
     *
     * @throws GyreException.Conflict when there is no canary
     */
    public Deployment promoteCanary(String name) {
        return update(name, d -> {
            Deployment.Canary canary = d.canary().orElseThrow(() -> new GyreException.Conflict(
                    "deployment '" + name + "' has no canary to promote; set one with setCanary"));
            return d.withPrimary(canary.version()).withCanary(null);
        });
    }

    /**
     * Returns to the previous primary in one call and removes any canary; the version rolled back from becomes
     * the previous one, so a second rollback undoes the first. The shadow is kept.
     *
     * @throws GyreException.Conflict when there was no earlier primary
     */
    public Deployment rollback(String name) {
        return update(name, d -> {
            int previous = d.previousVersion().orElseThrow(() -> new GyreException.Conflict(
                    "deployment '" + name + "' has no previous version to roll back to"));
            return d.withCanary(null).withPrimary(previous);
        });
    }

    /**
     * Removes a deployment; requests in flight finish; models no other deployment uses are dropped.
     *
     * @throws GyreException.NotFound when there is none
     */
    public void remove(String name) {
        Map<ModelKey, AdaptiveBatcher> dropped;
        writeLock.lock();
        try {
            entry(name);
            entries.remove(name);
            dropped = cache.retain(used());
        } finally {
            writeLock.unlock();
        }
        closeDropped(dropped);
    }

    /** Closes the batchers of models that left the cache, outside the lock (closing answers what is queued). */
    private void closeDropped(Map<ModelKey, AdaptiveBatcher> dropped) {
        dropped.forEach(cache::close);
    }

    /**
     * Predicts a request on the deployment's chosen version, and mirrors it to the shadow when one is set.
     *
     * @param stickyValue the caller's value of the deployment's sticky key, or {@code null} for a random draw
     * @throws GyreException.NotFound        when there is no such deployment
     * @throws GyreException.InvalidArgument when a record does not fit the answering model's signature
     */
    public DeploymentResult predict(String name, InferenceRequest request, String stickyValue) {
        Objects.requireNonNull(request, "request");
        Routing routing = entry(name).routing().get();
        Deployment deployment = routing.deployment();
        int version = policy.choose(deployment, stickyValue);
        ServedModel served = routing.models().get(version);
        List<Prediction> predictions = served.predictAll(request.records());
        InferenceResponse response = toResponse(predictions);
        boolean shadowed = false;
        if (deployment.shadowVersion().isPresent()) {
            int shadow = deployment.shadowVersion().getAsInt();
            shadowed = submitShadow(name, version, response, shadow, routing.models().get(shadow), request);
        }
        return new DeploymentResult(name, version, response, predictions, shadowed, served.model());
    }

    /**
     * The model a deployment serves for one of its current versions (primary, canary or shadow), for callers that
     * need more than a prediction (its signature, or an explanation); empty for any other version.
     *
     * @throws GyreException.NotFound when there is no such deployment
     */
    public java.util.Optional<GyreModel> model(String name, int version) {
        return java.util.Optional.ofNullable(entry(name).routing().get().models().get(version))
                .map(ServedModel::model);
    }

    /**
     * Predicts records with one of a deployment's current versions (primary, canary or shadow), bypassing the
     * traffic rule and the shadow; a single record goes through the version's batcher like any request.
     *
     * @throws GyreException.NotFound        when there is no such deployment, or it does not serve that version
     * @throws GyreException.InvalidArgument when a record does not fit the model's signature
     */
    public List<Prediction> predictVersion(String name, int version, List<? extends Map<String, ?>> records) {
        ServedModel served = entry(name).routing().get().models().get(version);
        if (served == null) {
            throw new GyreException.NotFound("deployment '" + name + "' does not serve version " + version
                    + " now; leave the version out to be answered by the deployment's traffic rule");
        }
        return served.predictAll(records);
    }

    /**
     * What the batchers of one loaded (model, version) did so far, summed over reloads; empty when that version
     * was never batched (batching off, or not paying for its runtime).
     */
    public java.util.Optional<AdaptiveBatcher.Stats> batchStats(String model, int version) {
        return cache.batchStats(new ModelKey(model, version));
    }

    /** The batch statistics of every (model, version) ever batched. */
    public Map<ModelKey, AdaptiveBatcher.Stats> batchStats() {
        return cache.batchStats();
    }

    /** The models loaded now, across all deployments. */
    public Set<ModelKey> loadedModels() {
        return cache.keys();
    }

    /** Shadow copies dropped because the shadow queue was full (or the registry closed). */
    public long shadowDropped() {
        return shadowDropped.sum();
    }

    /** Shadow outcomes whose sink threw. */
    public long shadowSinkFailures() {
        return shadowSinkFailures.sum();
    }

    /**
     * Stops the shadow threads, dropping queued shadow calls, and closes the batchers once what they hold is
     * answered; predictions still work, unshadowed and unbatched.
     */
    @Override
    public void close() {
        shadowPool.shutdownNow();
        cache.closeBatchers();
    }

    private boolean submitShadow(String name, int version, InferenceResponse served, int shadowVersion,
            ServedModel shadow, InferenceRequest request) {
        try {
            shadowPool.execute(() -> runShadow(name, version, served, shadowVersion, shadow, request));
            return true;
        } catch (RejectedExecutionException e) {
            shadowDropped.increment();
            return false;
        }
    }

    private void runShadow(String name, int version, InferenceResponse served, int shadowVersion, ServedModel shadow,
            InferenceRequest request) {
        ShadowSink.Outcome outcome;
        try {
            InferenceResponse answer = toResponse(shadow.predictAll(request.records()));
            outcome = new ShadowSink.Outcome(name, version, served, shadowVersion, request, answer, null);
        } catch (RuntimeException | Error e) {
            outcome = new ShadowSink.Outcome(name, version, served, shadowVersion, request, null, e);
        }
        try {
            sink.accept(outcome);
        } catch (RuntimeException e) {
            shadowSinkFailures.increment();
        }
    }

    private Deployment update(String name, UnaryOperator<Deployment> change) {
        Map<ModelKey, AdaptiveBatcher> dropped;
        Deployment next;
        writeLock.lock();
        try {
            Entry entry = entry(name);
            Routing current = entry.routing().get();
            next = change.apply(current.deployment());
            entry.routing().set(route(entry, next));
            dropped = cache.retain(used());
        } finally {
            writeLock.unlock();
        }
        closeDropped(dropped);
        return next;
    }

    /** Loads (or takes from the cache) every model {@code deployment} names; called under the write lock. */
    private Routing route(Entry entry, Deployment deployment) {
        String model = deployment.target().model();
        Map<Integer, ServedModel> models = new HashMap<>();
        for (int version : versions(deployment)) {
            models.put(version, cache.obtain(model, version, entry.loader()));
        }
        return new Routing(deployment, Map.copyOf(models));
    }

    private static List<Integer> versions(Deployment d) {
        List<Integer> out = new ArrayList<>();
        out.add(d.primaryVersion());
        d.canary().ifPresent(c -> out.add(c.version()));
        d.shadowVersion().ifPresent(out::add);
        return out;
    }

    private Set<ModelKey> used() {
        Set<ModelKey> used = new HashSet<>();
        for (Entry entry : entries.values()) {
            Deployment d = entry.routing().get().deployment();
            for (int version : versions(d)) {
                used.add(new ModelKey(d.target().model(), version));
            }
        }
        return used;
    }

    private Entry entry(String name) {
        Entry entry = entries.get(Objects.requireNonNull(name, "name"));
        if (entry == null) {
            throw new GyreException.NotFound("no deployment named '" + name + "'");
        }
        return entry;
    }

    /** The predictions as one response: probabilities when classified, labels only for clusters, else values. */
    public static InferenceResponse toResponse(List<Prediction> predictions) {
        Prediction first = predictions.get(0);
        if (first.value() != null) {
            double[] values = new double[predictions.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = predictions.get(i).value();
            }
            return InferenceResponse.regression(values);
        }
        List<String> classes = List.copyOf(first.probabilities().keySet());
        List<String> labels = new ArrayList<>(predictions.size());
        List<double[]> probabilities = new ArrayList<>(predictions.size());
        for (Prediction p : predictions) {
            labels.add(p.predictedClass());
            probabilities.add(p.probabilities().values().stream().mapToDouble(Double::doubleValue).toArray());
        }
        return InferenceResponse.classification(classes, labels, probabilities);
    }
}
