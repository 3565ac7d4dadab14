package dev.gyre.server.training;

import dev.gyre.core.GyreException;
import dev.gyre.training.job.TrainingJob;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's training jobs: a bounded pool runs at most {@code concurrent} jobs at once, at most {@code queue}
 * more wait for a slot (a job beyond that is refused with a conflict saying to wait or raise the setting), and
 * the records of the most recent {@code kept} jobs stay in memory (running and waiting ones are never dropped).
 * {@link #close()} cancels every job that has not ended and waits for the running ones to stop, so their runs end
 * KILLED in the tracking store.
 */
public final class TrainingJobs implements AutoCloseable {

    /** Jobs run at once unless configured. */
    public static final int DEFAULT_CONCURRENT = 1;
    /** Jobs that may wait for a slot unless configured. */
    public static final int DEFAULT_QUEUE = 16;
    /** Job records kept in memory unless configured. */
    public static final int DEFAULT_KEPT = 200;
    /** How long {@link #close()} waits for cancelled jobs to stop. */
    static final Duration STOP_WAIT = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(TrainingJobs.class);

    /** The work of a job, run on the pool's thread: search, record the outcome on the job, register. */
    @FunctionalInterface
    public interface Work {
        void run(TrainingJobRecord job);
    }

    private final int concurrent;
    private final int queue;
    private final int kept;
    private final Clock clock;
    private final ThreadPoolExecutor executor;
    private final Map<String, TrainingJobRecord> jobs = new LinkedHashMap<>();
    /** Jobs accepted that have not ended: running and waiting. */
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean closed;

    /**
     * @param concurrent jobs run at once (at least 1)
     * @param queue      jobs that may wait for a slot (0 or more)
     * @param kept       job records kept in memory (at least 1)
     * @param clock      the source of creation times
     */
    public TrainingJobs(int concurrent, int queue, int kept, Clock clock) {
        if (concurrent < 1 || queue < 0 || kept < 1) {
            throw new GyreException.InvalidArgument("training_jobs and training_jobs_kept must be at least 1 and"
                    + " training_queue at least 0.");
        }
        this.concurrent = concurrent;
        this.queue = queue;
        this.kept = kept;
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(concurrent, concurrent, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "gyre-training-job-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * Accepts a job and runs it when a slot is free.
     *
     * @throws GyreException.Conflict  when every slot is busy and the queue is full
     * @throws GyreException.NotReady  when the server is stopping
     */
    public TrainingJobRecord submit(TrainingJobRecord.Request request, TrainingJob.Prepared prepared, Work work) {
        if (closed) {
            throw new GyreException.NotReady("The server is stopping; submit the training job again once it is back.");
        }
        TrainingJobRecord job = new TrainingJobRecord(UUID.randomUUID().toString().replace("-", ""), request,
                clock.instant(), prepared);
        if (open.incrementAndGet() > concurrent + queue) {
            open.decrementAndGet();
            throw new GyreException.Conflict("The server is running " + concurrent + " training job"
                    + (concurrent == 1 ? "" : "s") + (queue == 0 ? "" : " and " + queue + " more are waiting")
                    + ", its limit. Wait for one to finish (GET …/training-jobs) and submit again, or raise the"
                    + " server settings training_jobs (jobs at once) or training_queue (jobs waiting).");
        }
        job.done().whenComplete((ignored, error) -> open.decrementAndGet());
        synchronized (jobs) {
            jobs.put(job.id(), job);
        }
        try {
            executor.execute(() -> execute(job, work));
        } catch (RejectedExecutionException e) {
            synchronized (jobs) {
                jobs.remove(job.id());
            }
            job.cancel(System.nanoTime());
            throw new GyreException.NotReady("The server is stopping; submit the training job again once it is back.");
        }
        trim();
        return job;
    }

    /** The job of the project with this id. */
    public Optional<TrainingJobRecord> get(String project, String id) {
        synchronized (jobs) {
            TrainingJobRecord job = jobs.get(id);
            return job != null && job.request().project().equals(project) ? Optional.of(job) : Optional.empty();
        }
    }

    /** The job of the project with this id, or a not-found error naming it. */
    public TrainingJobRecord require(String project, String id) {
        return get(project, id).orElseThrow(() -> new GyreException.NotFound("Training job '" + id
                + "' does not exist in project '" + project + "'. The server keeps the most recent " + kept
                + " jobs in memory, and none across restarts; the runs of older jobs are in the tracking store."));
    }

    /** The project's jobs, newest first. */
    public List<TrainingJobRecord> list(String project) {
        List<TrainingJobRecord> out = new ArrayList<>();
        synchronized (jobs) {
            for (TrainingJobRecord job : jobs.values()) {
                if (job.request().project().equals(project)) {
                    out.add(job);
                }
            }
        }
        java.util.Collections.reverse(out);
        return out;
    }

    /**
     * Cancels a job and waits up to {@code wait} for it to stop (a running job stops after its running trials).
     *
     * @throws GyreException.Conflict when the job had already ended
     */
    public TrainingJobRecord cancel(TrainingJobRecord job, Duration wait) {
        if (!job.cancel(System.nanoTime())) {
            throw new GyreException.Conflict("Training job '" + job.id() + "' already ended ("
                    + job.status().wireName() + "); there is nothing to cancel.");
        }
        await(job, wait);
        return job;
    }

    /** The monotonic time the views measure elapsed time with. */
    public long now() {
        return System.nanoTime();
    }

    /** Cancels every job that has not ended and waits for the running ones to stop. Idempotent. */
    @Override
    public void close() {
        closed = true;
        List<TrainingJobRecord> open;
        synchronized (jobs) {
            open = jobs.values().stream().filter(j -> !j.status().terminal()).toList();
        }
        for (TrainingJobRecord job : open) {
            job.cancel(System.nanoTime());
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Training jobs did not stop within {}s of being cancelled; leaving them", STOP_WAIT.toSeconds());
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }

    private void execute(TrainingJobRecord job, Work work) {
        if (!job.start(System.nanoTime())) {
            return;
        }
        RuntimeException failure = null;
        try {
            work.run(job);
        } catch (RuntimeException e) {
            failure = e;
            if (!(e instanceof GyreException)) {
                LOG.warn("Training job {} in project {} failed", job.id(), job.request().project(), e);
            }
        } catch (Error e) {
            failure = new GyreException.Internal("The training job stopped: " + e.getClass().getSimpleName()
                    + (e instanceof OutOfMemoryError ? "; the server ran out of memory (give it more, or train on"
                    + " fewer rows or with less parallelism)" : "") + ".", e);
            LOG.error("Training job {} in project {} stopped", job.id(), job.request().project(), e);
        } finally {
            job.finish(failure, System.nanoTime());
        }
    }

    private static void await(TrainingJobRecord job, Duration wait) {
        try {
            job.done().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // still stopping; the view says so
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Drops the oldest ended jobs beyond the most recent {@code kept}. */
    private void trim() {
        synchronized (jobs) {
            int excess = jobs.size() - kept;
            for (Iterator<TrainingJobRecord> it = jobs.values().iterator(); it.hasNext() && excess > 0; ) {
                if (it.next().status().terminal()) {
                    it.remove();
                    excess--;
                }
            }
        }
    }
}
