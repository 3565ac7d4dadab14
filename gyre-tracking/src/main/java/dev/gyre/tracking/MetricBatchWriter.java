package dev.gyre.tracking;

import dev.gyre.core.GyreException;
import dev.gyre.store.db.Database;
import dev.gyre.store.db.StoreFailures;
import dev.gyre.tracking.internal.MetricRow;
import dev.gyre.tracking.search.index.SearchIndex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for metric-only log calls, the hot path of tracking: callers hand over their validated
 * points and wait; one writer thread takes every pending call (up to a bound) and writes them in one
 * transaction with multi-row statements (see {@link MetricStatements}), after locking all their runs
 * in one ordered {@code SELECT … FOR UPDATE}.
 *
 * <p>Each caller returns only once its points have committed (the durability of a call of its own) and
 * gets its own outcome: a call to a missing run fails with {@link GyreException.NotFound}, to a deleted
 * run with {@link GyreException.InvalidArgument}, exactly as a call of its own would, while the others
 * in the group commit. If the group transaction fails for any other reason, its calls are retried one
 * by one, so one bad call never fails the others. Writing a point again is harmless (histories collapse
 * identical points; latest values keep the greatest), which makes those retries safe even when the
 * failed commit did land.
 *
 * <p>After a commit the search index learns the new points before the callers are released; when the
 * outcome of a commit is unknown the run's experiment is invalidated in the index. Thread-safe. The
 * writer thread is a daemon that ends after a few idle seconds and starts again on demand.
 */
final class MetricBatchWriter {

    private static final Logger LOG = LoggerFactory.getLogger(MetricBatchWriter.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Database database;
    private final SearchIndex index;
    private final int maxGroupPoints;
    private final ConcurrentLinkedQueue<Call> pending = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicLong taken = new java.util.concurrent.atomic.AtomicLong();
    private final int writers;
    private final AtomicInteger draining = new AtomicInteger();
    private final ThreadPoolExecutor writer;

    /**
     * @param maxGroupPoints a group takes calls until it holds this many points (a call is never split)
     * @param writers        groups written at the same time (while one waits for its commit to be
     *                       flushed, the next can be written)
     */
    MetricBatchWriter(Database database, SearchIndex index, int maxGroupPoints, int writers) {
        this.database = Objects.requireNonNull(database, "database");
        this.index = Objects.requireNonNull(index, "index");
        this.maxGroupPoints = maxGroupPoints;
        this.writers = writers;
        this.writer = new ThreadPoolExecutor(writers, writers, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "gyre-metric-writer-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        writer.allowCoreThreadTimeOut(true);
    }

    /** One caller's points, and how its write ended. */
    private static final class Call {
        final String runId;
        final MetricStatements.Points points;
        final int size;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        long experimentId = -1;
        LifecycleStage stage;

        Call(String runId, List<Metric> metrics) {
            this.runId = runId;
            this.points = MetricStatements.Points.of(metrics);
            this.size = metrics.size();
        }
    }

    /**
     * Writes the points (already validated) to an active run and returns once they have committed.
     *
     * @throws GyreException.NotFound        when the run does not exist
     * @throws GyreException.InvalidArgument when the run is deleted
     * @throws GyreException                 {@code NotReady}/{@code Internal} when the database fails
     */
    void log(String runId, List<Metric> metrics) {
        Call call = new Call(runId, metrics);
        pending.add(call);
        startWriter();
        try {
            call.done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** How many groups may be written at the same time (for tests). */
    int writers() {
        return writers;
    }

    /** Calls waiting for a group (for tests). */
    int queued() {
        return pending.size();
    }

    /** Calls a writer has taken from the queue so far (for tests). */
    long taken() {
        return taken.get();
    }

    /** Starts one more writer when fewer than the maximum are draining. */
    private boolean startWriter() {
        for (int active = draining.get(); active < writers; active = draining.get()) {
            if (draining.compareAndSet(active, active + 1)) {
                writer.execute(this::drain);
                return true;
            }
        }
        return false;
    }

    private void drain() {
        while (true) {
            List<Call> group = new ArrayList<>();
            int points = 0;
            for (Call call; points < maxGroupPoints && (call = pending.poll()) != null; ) {
                group.add(call);
                points += call.size;
                taken.incrementAndGet();
            }
            if (group.isEmpty()) {
                draining.decrementAndGet();
                // a call added after the poll above, while every writer still counted as busy, must not wait
                if (!pending.isEmpty()) {
                    startWriter();
                }
                return;
            }
            try {
                write(group);
            } catch (Throwable e) {
                LOG.error("Metric writer failed unexpectedly", e);
                group.forEach(call -> call.done.completeExceptionally(
                        new GyreException.Internal("Unable to log to run " + call.runId + ".", e)));
            }
        }
    }

    private void write(List<Call> group) {
        try {
            List<Call> written = database.jdbi().inTransaction(handle -> {
                group.forEach(call -> call.stage = null);
                Map<String, Map.Entry<Long, String>> runs = new HashMap<>();
                handle.createQuery("SELECT run_uuid, experiment_id, lifecycle_stage FROM runs"
                                + " WHERE run_uuid IN (<ids>) ORDER BY run_uuid FOR UPDATE")
                        .bindList("ids", new ArrayList<>(new TreeSet<>(group.stream().map(c -> c.runId).toList())))
                        .map((rs, ctx) -> Map.entry(rs.getString(1), Map.entry(rs.getLong(2), rs.getString(3))))
                        .forEach(e -> runs.put(e.getKey(), e.getValue()));
                List<Call> active = new ArrayList<>();
                Map<String, List<MetricStatements.Points>> byRun = new TreeMap<>();
                for (Call call : group) {
                    Map.Entry<Long, String> run = runs.get(call.runId);
                    if (run == null) {
                        continue;
                    }
                    call.experimentId = run.getKey();
                    call.stage = LifecycleStage.parse(run.getValue());
                    if (call.stage == LifecycleStage.ACTIVE) {
                        active.add(call);
                        byRun.computeIfAbsent(call.runId, k -> new ArrayList<>()).add(call.points);
                    }
                }
                if (!byRun.isEmpty()) {
                    MetricStatements.write(handle, database.dialect(), byRun);
                }
                return active;
            });
            Map<Long, Map<String, List<MetricRow>>> byExperiment = new HashMap<>();
            for (Call call : written) {
                byExperiment.computeIfAbsent(call.experimentId, k -> new HashMap<>())
                        .computeIfAbsent(call.runId, k -> new ArrayList<>()).addAll(call.points.latest().values());
            }
            byExperiment.forEach(index::metricsLogged);
            for (Call call : group) {
                if (call.stage == null) {
                    call.done.completeExceptionally(TrackingService.runNotFound(call.runId));
                } else if (call.stage != LifecycleStage.ACTIVE) {
                    call.done.completeExceptionally(TrackingService.runNotActive(call.runId, call.stage));
                } else {
                    call.done.complete(null);
                }
            }
        } catch (RuntimeException e) {
            if (group.size() > 1) {
                LOG.debug("A group of {} metric writes failed; writing them one by one", group.size(), e);
                for (Call call : group) {
                    write(List.of(call));
                }
                return;
            }
            Call call = group.get(0);
            if (call.experimentId >= 0) {
                index.invalidate(call.experimentId);   // the commit may or may not have landed
            }
            call.done.completeExceptionally(StoreFailures.wrap("log to run " + call.runId, e));
        }
    }
}
