package dev.gyre.tracking.search.index;

import dev.gyre.store.db.Database;
import dev.gyre.tracking.internal.MetricRow;
import dev.gyre.tracking.search.Comparison;
import dev.gyre.tracking.search.OrderBy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run search index of one tracking service: answers run searches from per-experiment columnar
 * snapshots instead of SQL, with exactly the SQL search's results.
 *
 * <p><b>Life of a snapshot.</b> The first search of an experiment loads its snapshot from the database
 * (searches of it meanwhile wait for the load); from then on the tracking service reports each of its
 * writes <em>after the write commits</em>, and the index applies it: new runs, metric points (merged
 * into the latest values by the database's own rule, so the order reports arrive in does not matter),
 * params (write-once), and, for changes whose order matters (tags, status, name, end time, lifecycle),
 * a re-read of the run's committed attributes and tags, serialised per run so that the last re-read
 * sees the last commit. Writes reported while a snapshot loads are replayed onto it before it is
 * published. Whenever the service is unsure what committed (a failure after or during the commit), it
 * {@linkplain #invalidate invalidates} the experiment, which then reloads on its next search.
 *
 * <p><b>Scope.</b> It sees only this process's writes: correct for one platform process, wrong when
 * several replicas write the same database (turn it off there). It declines (the caller then uses SQL)
 * experiments over {@link SearchIndexSettings#maxRunsPerExperiment()}, experiments that do not fit the
 * memory bound, and searches it cannot answer exactly (see {@link LikePattern} and
 * {@link StringSemantics}).
 *
 * <p>Thread-safe. Searches hold an experiment's read lock only while evaluating in memory, writers
 * its write lock only while applying a change; nobody holds either while waiting for the database.
 */
public final class SearchIndex {

    private static final Logger LOG = LoggerFactory.getLogger(SearchIndex.class);
    private static final long LOAD_WAIT_MILLIS = 60_000;
    private static final int STRIPES = 64;

    private final SearchIndexSettings settings;
    private final SnapshotLoader loader;
    private final Database database;
    private final ConcurrentHashMap<Long, Slot> slots = new ConcurrentHashMap<>();
    private final Object[] stripes = new Object[STRIPES];
    private final AtomicLong ticks = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong declined = new AtomicLong();
    private volatile StringSemantics semantics;

    public SearchIndex(Database database, SearchIndexSettings settings) {
        this.database = Objects.requireNonNull(database, "database");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.loader = new SnapshotLoader(database);
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    /** Whether searches use the index. */
    public boolean enabled() {
        return settings.enabled();
    }

    /** Searches the index has answered since it was made. */
    public long answered() {
        return answered.get();
    }

    /** Searches the index has declined (answered in SQL instead) since it was made, when enabled. */
    public long declined() {
        return declined.get();
    }

    /**
     * The ids of the runs at positions {@code [offset, offset + count)} of the search's order, or empty
     * when the index cannot answer (the caller then searches in SQL).
     *
     * @param experimentIds experiments to search; unknown ones hold no runs
     * @param stages        lifecycle stages to include ({@code active}, {@code deleted})
     * @param filter        the parsed filter
     * @param orderBy       the parsed order-by
     */
    public Optional<List<String>> search(List<Long> experimentIds, List<String> stages, List<Comparison> filter,
                                         List<OrderBy> orderBy, int count, long offset) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        Optional<List<String>> page;
        try {
            page = evaluate(experimentIds, stages, filter, orderBy, count, offset);
        } catch (RuntimeException e) {
            // the index must never break a search that SQL can answer
            LOG.warn("Run search index failed; answering in SQL", e);
            page = Optional.empty();
        }
        (page.isPresent() ? answered : declined).incrementAndGet();
        return page;
    }

    private Optional<List<String>> evaluate(List<Long> experimentIds, List<String> stages, List<Comparison> filter,
                                            List<OrderBy> orderBy, int count, long offset) {
        StringSemantics strings = semantics();
        if (strings == null) {
            return Optional.empty();
        }
        List<ExperimentSnapshot> snapshots = new ArrayList<>();
        for (long id : new LinkedHashSet<>(experimentIds)) {
            ExperimentSnapshot snapshot = acquire(id);
            if (snapshot == null) {
                return Optional.empty();
            }
            snapshots.add(snapshot);
        }
        int locked = 0;
        try {
            for (ExperimentSnapshot snapshot : snapshots) {
                snapshot.lock.readLock().lock();
                locked++;
            }
            return Optional.of(SnapshotSearch.page(snapshots, stages, filter, orderBy, count, offset, strings));
        } catch (Unanswerable e) {
            LOG.debug("Run search answered in SQL: {}", e.getMessage());
            return Optional.empty();
        } finally {
            for (int i = 0; i < locked; i++) {
                snapshots.get(i).lock.readLock().unlock();
            }
        }
    }

    // ---------------------------------------------------------------- writes, reported after they commit

    /** A run was created with these attributes and tags. */
    public void runCreated(long experimentId, String runId, String runName, String userId, String status,
                           long startTime, String artifactUri, Map<String, String> tags) {
        RunAttributes run = new RunAttributes(runId, runName, userId, status, startTime, null, false, artifactUri);
        apply(experimentId, snapshot -> {
            if (snapshot.row(runId) >= 0) {
                return;   // loaded after the commit: at least as new
            }
            SnapshotLoader.check(run, semantics);
            if (snapshot.size >= settings.maxRunsPerExperiment()) {
                throw Unanswerable.experiment("experiment " + experimentId + " reached the cap of "
                        + settings.maxRunsPerExperiment() + " runs");
            }
            int row = snapshot.add(run);
            tags.forEach((key, value) -> snapshot.setTag(row, key, value));
        });
    }

    /**
     * Metric points were logged to runs of an experiment (run id → points; any subset or superset of the
     * points written will do, since merging is idempotent).
     */
    public void metricsLogged(long experimentId, Map<String, ? extends Collection<MetricRow>> pointsByRun) {
        apply(experimentId, snapshot -> pointsByRun.forEach((runId, points) -> {
            int row = existingRow(snapshot, runId);
            for (MetricRow point : points) {
                snapshot.mergeMetric(row, point.key(), point.step(), point.timestamp(), point.isNan(),
                        point.storedValue());
            }
        }));
    }

    /** Params were logged to a run (write-once, so applying them again changes nothing). */
    public void paramsLogged(long experimentId, String runId, Map<String, String> params) {
        apply(experimentId, snapshot -> {
            int row = existingRow(snapshot, runId);
            params.forEach((key, value) -> snapshot.setParam(row, key, value));
        });
    }

    /**
     * A run's tags or attributes (name, status, end time, lifecycle stage) changed: the index re-reads
     * them from the database.
     */
    public void runChanged(long experimentId, String runId) {
        if (!settings.enabled()) {
            return;
        }
        Slot slot = slots.get(experimentId);
        if (slot == null) {
            return;
        }
        ExperimentSnapshot snapshot;
        synchronized (slot) {
            if (slot.loading != null) {
                slot.loading.refresh.add(runId);
                return;
            }
            snapshot = slot.snapshot;
        }
        if (snapshot == null) {
            return;
        }
        try {
            refresh(snapshot, runId, true);
        } catch (RuntimeException e) {
            failed(experimentId, e);
        }
    }

    /** Forgets an experiment: its next search reloads it. For changes to many runs and for any doubt. */
    public void invalidate(long experimentId) {
        Slot slot = slots.get(experimentId);
        if (slot == null) {
            return;
        }
        synchronized (slot) {
            slot.snapshot = null;
            slot.unindexable = false;
            if (slot.loading != null) {
                slot.loading.spoiled = true;
            }
        }
    }

    // ---------------------------------------------------------------- internals

    private static final class Slot {
        final long experimentId;
        ExperimentSnapshot snapshot;
        Loading loading;
        boolean unindexable;
        volatile long lastUsed;

        Slot(long experimentId) {
            this.experimentId = experimentId;
        }
    }

    /** Writes reported while a snapshot loads, to replay onto it. Guarded by the slot. */
    private static final class Loading {
        final java.util.concurrent.CompletableFuture<ExperimentSnapshot> done =
                new java.util.concurrent.CompletableFuture<>();
        final List<Consumer<ExperimentSnapshot>> replay = new ArrayList<>();
        final LinkedHashSet<String> refresh = new LinkedHashSet<>();
        boolean spoiled;
    }

    /** How the database treats strings, asked once it answers; {@code null} while it cannot be asked. */
    private StringSemantics semantics() {
        StringSemantics known = semantics;
        if (known == null) {
            known = StringSemantics.probe(database);
            semantics = known;
        }
        return known;
    }

    private static int existingRow(ExperimentSnapshot snapshot, String runId) {
        int row = snapshot.row(runId);
        if (row < 0) {
            throw new Unanswerable("a write to run " + runId + ", which the index does not hold");
        }
        return row;
    }

    /** Applies a change to the published snapshot, or queues it for the one loading; else nothing. */
    private void apply(long experimentId, Consumer<ExperimentSnapshot> change) {
        if (!settings.enabled()) {
            return;
        }
        Slot slot = slots.get(experimentId);
        if (slot == null) {
            return;
        }
        ExperimentSnapshot snapshot;
        synchronized (slot) {
            if (slot.loading != null) {
                slot.loading.replay.add(change);
                return;
            }
            snapshot = slot.snapshot;
        }
        if (snapshot == null) {
            return;
        }
        snapshot.lock.writeLock().lock();
        try {
            change.accept(snapshot);
        } catch (RuntimeException e) {
            failed(experimentId, e);
        } finally {
            snapshot.lock.writeLock().unlock();
        }
    }

    private void failed(long experimentId, RuntimeException e) {
        if (e instanceof Unanswerable) {
            LOG.debug("Search index drops experiment {}: {}", experimentId, e.getMessage());
        } else {
            LOG.warn("Search index drops experiment {} after a failed update; it reloads on its next search",
                    experimentId, e);
        }
        invalidate(experimentId);
    }

    /** Re-reads a run's attributes and tags; serialised per run, so the last re-read wins. */
    private void refresh(ExperimentSnapshot snapshot, String runId, boolean published) {
        synchronized (stripes[Math.floorMod(runId.hashCode(), STRIPES)]) {
            Optional<SnapshotLoader.RunState> state = loader.loadRun(runId);
            if (state.isEmpty()) {
                return;
            }
            if (published) {
                snapshot.lock.writeLock().lock();
            }
            try {
                RunAttributes run = state.get().attributes();
                int row = snapshot.row(runId);
                if (row < 0) {
                    SnapshotLoader.check(run, semantics);
                    if (snapshot.size >= settings.maxRunsPerExperiment()) {
                        throw Unanswerable.experiment("experiment reached the run cap");
                    }
                    row = snapshot.add(run);
                } else {
                    snapshot.setAttributes(row, run);
                }
                snapshot.replaceTags(row, state.get().tags());
            } finally {
                if (published) {
                    snapshot.lock.writeLock().unlock();
                }
            }
        }
    }

    /** The published snapshot of an experiment, loading it if needed; {@code null} when not indexable. */
    private ExperimentSnapshot acquire(long experimentId) {
        Slot slot = slots.computeIfAbsent(experimentId, Slot::new);
        slot.lastUsed = ticks.incrementAndGet();
        Loading mine;
        Loading theirs = null;
        synchronized (slot) {
            if (slot.unindexable) {
                return null;
            }
            if (slot.snapshot != null) {
                return slot.snapshot;
            }
            if (slot.loading != null) {
                theirs = slot.loading;
                mine = null;
            } else {
                mine = new Loading();
                slot.loading = mine;
            }
        }
        if (theirs != null) {
            try {
                return theirs.done.get(LOAD_WAIT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                return null;
            }
        }
        ExperimentSnapshot published = null;
        try {
            published = load(slot, mine, semantics);
            return published;
        } finally {
            mine.done.complete(published);
            if (published != null) {
                enforceBudget(slot);
            }
        }
    }

    private ExperimentSnapshot load(Slot slot, Loading loading, StringSemantics strings) {
        ExperimentSnapshot snapshot;
        long started = System.nanoTime();
        try {
            snapshot = loader.load(slot.experimentId, settings.maxRunsPerExperiment(), settings.maxCells(), strings);
            if (snapshot == null) {
                // no such experiment: nothing to keep (SQL answers that it has no runs)
                synchronized (slot) {
                    slot.loading = null;
                }
                slots.remove(slot.experimentId, slot);
                return null;
            }
            while (true) {
                List<String> refresh;
                synchronized (slot) {
                    if (loading.spoiled) {
                        slot.loading = null;
                        return null;
                    }
                    for (Consumer<ExperimentSnapshot> change : loading.replay) {
                        change.accept(snapshot);
                    }
                    loading.replay.clear();
                    if (loading.refresh.isEmpty()) {
                        if (snapshot.size > settings.maxRunsPerExperiment() || snapshot.cells() > settings.maxCells()) {
                            throw Unanswerable.experiment("experiment " + slot.experimentId + " is over the index's bounds");
                        }
                        slot.loading = null;
                        slot.snapshot = snapshot;
                        LOG.info("Loaded experiment {} into the search index: {} runs in {} ms", slot.experimentId,
                                snapshot.size, (System.nanoTime() - started) / 1_000_000);
                        return snapshot;
                    }
                    refresh = new ArrayList<>(loading.refresh);
                    loading.refresh.clear();
                }
                for (String runId : refresh) {
                    refresh(snapshot, runId, false);
                }
            }
        } catch (Unanswerable e) {
            LOG.info("Experiment {} is not in the search index: {}", slot.experimentId, e.getMessage());
            synchronized (slot) {
                slot.loading = null;
                slot.unindexable = e.permanent() && !loading.spoiled;
            }
            return null;
        } catch (RuntimeException e) {
            LOG.warn("Could not load experiment {} into the search index; its searches use SQL for now",
                    slot.experimentId, e);
            synchronized (slot) {
                slot.loading = null;
            }
            return null;
        }
    }

    /** Drops the least recently searched experiments while all snapshots together exceed the bound. */
    private void enforceBudget(Slot keep) {
        while (true) {
            long total = 0;
            Slot oldest = null;
            for (Slot slot : slots.values()) {
                ExperimentSnapshot snapshot;
                synchronized (slot) {
                    snapshot = slot.snapshot;
                }
                if (snapshot == null) {
                    continue;
                }
                total += snapshot.cells();
                if (slot != keep && (oldest == null || slot.lastUsed < oldest.lastUsed)) {
                    oldest = slot;
                }
            }
            if (total <= settings.maxCells() || oldest == null) {
                return;
            }
            synchronized (oldest) {
                oldest.snapshot = null;
            }
            slots.remove(oldest.experimentId, oldest);
        }
    }
}
