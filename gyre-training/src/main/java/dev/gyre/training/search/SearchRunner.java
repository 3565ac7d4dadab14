package dev.gyre.training.search;

import dev.gyre.core.GyreException;
import dev.gyre.training.AlgorithmSpec;
import dev.gyre.training.Algorithms;
import dev.gyre.training.LearningTask;
import dev.gyre.training.TrainedModel;
import dev.gyre.training.TrainingSet;
import dev.gyre.training.internal.ThreadBudget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a {@link Search} on a training set.
 *
 * <p><b>Checks first.</b> Before any training, {@link #run()} fails with
 * {@link GyreException.InvalidArgument} when the metric is unknown or does not fit the task, an algorithm of
 * the space cannot learn the task, a classification target has a single class, or the rows cannot be split
 * as asked. Empty spaces, spaces with no valid point and zero budgets are refused when the
 * {@link SearchSpace} and {@link Search} are built.
 *
 * <p><b>Batches.</b> Trials run in batches of {@code parallelism} on a fixed pool of that many threads. The
 * candidates of a batch are all proposed, in order and on the calling thread, from the history of the
 * batches already finished, with one generator seeded by the search's seed; results join the history in
 * trial order once the whole batch has finished. Every model is trained with the search's seed on folds
 * assigned from it. So the candidates, the pruning decisions and the metrics do not depend on which trial
 * of a batch finishes first: a seeded search gives the same leaderboard for the same parallelism, whatever
 * the timing (with parallelism 1 this is plain sequential search). A different parallelism gives a different
 * but equally reproducible sequence, since TPE then sees results in batches of another size. Only a time
 * budget or cancellation, which depend on the clock, can make two runs differ.
 *
 * <p><b>Successive halving.</b> With {@code halvingEta} η ≥ 2 and k folds, the rungs are after 1, η, η², …
 * folds (fewer than k). When a trial reaches a rung, its mean over the folds so far is compared with the
 * means at that rung of the trials of earlier batches; if there are at least η of them and the trial is not
 * within the best {@code ceil((n + 1) / η)} of the {@code n + 1}, it is pruned and trains no more folds. A
 * holdout split has one fold, hence no rungs. Pruned trials join the sampler's history with their partial
 * mean; failed ones do not.
 *
 * <p><b>Threads.</b> So that {@code parallelism} trials at once do not ask for more threads than the
 * machine has, each trial's trainers treat {@code threads = 0} (the default of the algorithms that have the
 * parameter: random forest, k-NN, gradient boosting) as {@code max(1, availableProcessors / parallelism)}
 * threads (see {@link dev.gyre.training.internal.ThreadBudget}); a {@code threads} value in the search space
 * wins. The trained models do not depend on their thread count, so neither do the metrics. The refit of the
 * best trial runs alone and may use every core. {@link TrialResult#threads()} reports each trial's share.
 *
 * <p><b>Failures.</b> A trial whose training or scoring throws is {@code FAILED} with the exception's message
 * (and its cause's) as its reason; it does not join the sampler's history or the halving rungs; the search goes on, and the best trial is chosen among the completed ones.
 *
 * <p><b>Cancellation.</b> {@link #cancel()} (from any thread or a listener) starts no new trial, and running
 * trials stop before their next fold with status {@code CANCELLED}; the best completed trial is still
 * refitted.
 */
public final class SearchRunner {

    private final Search search;
    private final TrainingSet data;
    private final SearchListener listener;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Object listenerLock = new Object();

    public SearchRunner(Search search, TrainingSet data, SearchListener listener) {
        this.search = Objects.requireNonNull(search, "search");
        this.data = Objects.requireNonNull(data, "data");
        this.listener = listener == null ? new SearchListener() { } : listener;
    }

    /** Asks the search to stop; safe from any thread. */
    public void cancel() {
        cancelled.set(true);
    }

    /**
     * Runs the search to its budget, exhaustion of the sampler, or cancellation.
     *
     * @throws GyreException.InvalidArgument as described in the class comment, before any training
     */
    public SearchResult run() {
        SearchMetric metric = check();
        List<Validation.Fold> folds = search.validation().split(data, search.seed());
        TrainingSet[] trains = new TrainingSet[folds.size()];
        TrainingSet[] tests = new TrainingSet[folds.size()];
        for (int f = 0; f < folds.size(); f++) {
            trains[f] = data.select(folds.get(f).train());
            tests[f] = data.select(folds.get(f).test());
        }
        Sampler sampler = search.sampler().create(search.space());
        Random random = new Random(search.seed());
        long start = System.nanoTime();
        List<TrialResult> results = new ArrayList<>();
        List<Observation> history = new ArrayList<>();
        Map<Integer, List<Double>> rungs = new TreeMap<>();
        Progressor progress = new Progressor(start, metric);
        int share = Math.max(1, Runtime.getRuntime().availableProcessors() / search.parallelism());
        ExecutorService pool = Executors.newFixedThreadPool(search.parallelism(), r -> {
            Thread t = new Thread(r, "gyre-search");
            t.setDaemon(true);
            return t;
        });
        try {
            int number = 0;
            while (!cancelled.get() && (search.maxTrials() == 0 || number < search.maxTrials()) && !timeUp(start)) {
                List<Candidate> batch = new ArrayList<>();
                List<Observation> seen = List.copyOf(history);
                while (batch.size() < search.parallelism()
                        && (search.maxTrials() == 0 || number + batch.size() < search.maxTrials())) {
                    Candidate c = sampler.next(seen, random);
                    if (c == null) {
                        break;
                    }
                    batch.add(c);
                }
                if (batch.isEmpty()) {
                    break;
                }
                Map<Integer, List<Double>> peers = new TreeMap<>();
                rungs.forEach((m, losses) -> peers.put(m, List.copyOf(losses)));
                List<Future<TrialResult>> futures = new ArrayList<>();
                for (Candidate c : batch) {
                    int n = number++;
                    futures.add(pool.submit(() -> trial(n, c, metric, trains, tests, peers, progress, share)));
                }
                for (Future<TrialResult> future : futures) {
                    TrialResult r = await(future);
                    results.add(r);
                    record(r, metric, history, rungs);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        List<TrialResult> board = new ArrayList<>(results);
        board.sort(leaderboardOrder(metric));
        Optional<TrialResult> best = board.stream().filter(t -> t.status() == TrialResult.Status.COMPLETED).findFirst();
        Optional<TrainedModel> model = best.map(t -> Algorithms.fit(t.candidate().algorithm(), data,
                t.candidate().params(), search.seed()));
        SearchResult result = new SearchResult(metric, board, best, model, cancelled.get(),
                Duration.ofNanos(System.nanoTime() - start));
        synchronized (listenerLock) {
            listener.searchFinished(result);
        }
        return result;
    }

    private SearchMetric check() {
        SearchMetric metric = SearchMetric.forTask(search.metric(), data);
        LearningTask task = data.learningTask();
        for (String algorithm : search.space().algorithms()) {
            AlgorithmSpec spec = Algorithms.spec(algorithm);
            if (!spec.tasks().contains(task)) {
                throw new GyreException.InvalidArgument(algorithm + " cannot learn a " + task + " training set; "
                        + "remove it from the search space or use one of: " + String.join(", ", Algorithms.namesFor(task)));
            }
        }
        if (task == LearningTask.CLASSIFICATION) {
            Set<Integer> present = new HashSet<>();
            for (int i = 0; i < data.rows() && present.size() < 2; i++) {
                present.add(data.classIndex(i));
            }
            if (present.size() < 2) {
                throw new GyreException.InvalidArgument("every row of the training set has class '"
                        + data.classes().get(present.iterator().next()) + "'; a classifier needs rows of at least "
                        + "two classes, so check the target column");
            }
        }
        return metric;
    }

    private TrialResult trial(int number, Candidate candidate, SearchMetric metric, TrainingSet[] trains,
                              TrainingSet[] tests, Map<Integer, List<Double>> peers, Progressor progress,
                              int share) {
        synchronized (listenerLock) {
            listener.trialStarted(number, candidate);
        }
        long t0 = System.nanoTime();
        List<Double> scores = new ArrayList<>();
        TrialResult.Status status = TrialResult.Status.COMPLETED;
        String reason = "";
        int threads = threads(candidate, share);
        // An explicit threads value wins, 0 included (every core); otherwise 0 means the trial's share.
        int budget = candidate.params().containsKey("threads") ? Runtime.getRuntime().availableProcessors() : share;
        try {
            for (int f = 0; f < trains.length; f++) {
                if (cancelled.get()) {
                    status = TrialResult.Status.CANCELLED;
                    reason = "the search was cancelled after " + f + " of " + trains.length + " folds";
                    break;
                }
                TrainingSet train = trains[f];
                TrainingSet test = tests[f];
                scores.add(ThreadBudget.call(budget, () -> metric.score(
                        Algorithms.fit(candidate.algorithm(), train, candidate.params(), search.seed()), test)));
                int m = f + 1;
                List<Double> rung = peers.get(m);
                if (m < trains.length && isRung(m) && rung != null && rung.size() >= search.halvingEta()) {
                    double loss = metric.loss(mean(scores));
                    long better = rung.stream().filter(l -> l < loss).count();
                    int keep = (int) Math.ceil((rung.size() + 1) / (double) search.halvingEta());
                    if (better >= keep) {
                        status = TrialResult.Status.PRUNED;
                        reason = "mean " + metric.wireName() + " " + mean(scores) + " after " + m + " folds is not in "
                                + "the top 1/" + search.halvingEta() + " of " + (rung.size() + 1) + " trials at that rung";
                        break;
                    }
                }
            }
        } catch (RuntimeException e) {
            status = TrialResult.Status.FAILED;
            reason = reason(e);
        }
        TrialResult result = new TrialResult(number, candidate, status, scores,
                scores.isEmpty() ? Double.NaN : mean(scores), reason, Duration.ofNanos(System.nanoTime() - t0), threads);
        synchronized (listenerLock) {
            listener.trialFinished(result, progress.after(result));
        }
        return result;
    }

    /** The message of a failure, followed by its cause's when that says more (XGBoost's wrapped errors). */
    private static String reason(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause != e) {
            String more = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            if (!message.contains(more)) {
                message = message + ": " + more;
            }
        }
        return message;
    }

    /** The threads a trial's trainers may use, as {@link TrialResult#threads()} describes it. */
    private static int threads(Candidate candidate, int share) {
        if (Algorithms.spec(candidate.algorithm()).param("threads") == null) {
            return 1;
        }
        Object explicit = candidate.params().get("threads");
        if (explicit == null) {
            return share;
        }
        int t = ((Number) explicit).intValue();
        return t > 0 ? t : Runtime.getRuntime().availableProcessors();
    }

    private boolean isRung(int foldsDone) {
        int eta = search.halvingEta();
        if (eta == 0) {
            return false;
        }
        int m = 1;
        while (m < foldsDone) {
            m *= eta;
        }
        return m == foldsDone;
    }

    private void record(TrialResult r, SearchMetric metric, List<Observation> history, Map<Integer, List<Double>> rungs) {
        if (r.status() == TrialResult.Status.COMPLETED || r.status() == TrialResult.Status.PRUNED) {
            history.add(new Observation(r.candidate(), metric.loss(r.mean())));
        }
        if (r.status() == TrialResult.Status.FAILED) {
            return;
        }
        for (int m = 1; m <= r.foldMetrics().size(); m++) {
            if (isRung(m)) {
                rungs.computeIfAbsent(m, k -> new ArrayList<>()).add(metric.loss(mean(r.foldMetrics().subList(0, m))));
            }
        }
    }

    private TrialResult await(Future<TrialResult> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            cancel();
            Thread.currentThread().interrupt();
            throw new GyreException.Internal("the search was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new GyreException.Internal("a search trial failed unexpectedly", e.getCause());
        }
    }

    private boolean timeUp(long start) {
        return search.maxTime() != null && System.nanoTime() - start >= search.maxTime().toNanos();
    }

    private static double mean(List<Double> xs) {
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s / xs.size();
    }

    private static Comparator<TrialResult> leaderboardOrder(SearchMetric metric) {
        return Comparator.<TrialResult>comparingInt(t -> t.status().ordinal())
                .thenComparingDouble(t -> Double.isNaN(t.mean()) ? Double.POSITIVE_INFINITY : metric.loss(t.mean()))
                .thenComparingInt(TrialResult::number);
    }

    /** Counts finished trials and keeps the best mean, for {@link SearchListener.Progress}. */
    private final class Progressor {
        private final long start;
        private final SearchMetric metric;
        private final AtomicInteger finished = new AtomicInteger();
        private OptionalDouble best = OptionalDouble.empty();

        Progressor(long start, SearchMetric metric) {
            this.start = start;
            this.metric = metric;
        }

        /** Called under the listener lock. */
        SearchListener.Progress after(TrialResult r) {
            int done = finished.incrementAndGet();
            if (r.status() == TrialResult.Status.COMPLETED
                    && (best.isEmpty() || metric.loss(r.mean()) < metric.loss(best.getAsDouble()))) {
                best = OptionalDouble.of(r.mean());
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            Duration eta = null;
            if (search.maxTrials() > 0) {
                eta = elapsed.dividedBy(done).multipliedBy(Math.max(0, search.maxTrials() - done));
            }
            if (search.maxTime() != null) {
                Duration left = search.maxTime().minus(elapsed);
                left = left.isNegative() ? Duration.ZERO : left;
                eta = eta == null || left.compareTo(eta) < 0 ? left : eta;
            }
            return new SearchListener.Progress(done, search.maxTrials(), best, elapsed, Optional.ofNullable(eta));
        }
    }
}
