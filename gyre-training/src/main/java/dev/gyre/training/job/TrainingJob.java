package dev.gyre.training.job;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.Column;
import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Table;
import dev.gyre.features.FeaturePipeline;
import dev.gyre.features.FittedFeatures;
import dev.gyre.features.TrainingData;
import dev.gyre.training.AlgorithmSpec;
import dev.gyre.training.Algorithms;
import dev.gyre.training.LearningTask;
import dev.gyre.training.TrainingSet;
import dev.gyre.training.search.Candidate;
import dev.gyre.training.search.Search;
import dev.gyre.training.search.SearchListener;
import dev.gyre.training.search.SearchMetric;
import dev.gyre.training.search.SearchResult;
import dev.gyre.training.search.SearchRunner;
import dev.gyre.training.search.TrialResult;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a {@link TrainingSpec} on a training table: fits the features, builds the matrix and the target,
 * searches, and reports every trial to a {@link TrialTracker}.
 *
 * <p><b>Checks before any training</b>, each a {@link GyreException.InvalidArgument} naming the spec line
 * where there is one: the table is the sealed test split; the target column is missing from the table, has
 * missing values, or is constant; a binary task whose target does not have exactly two values, or a regression
 * target that is not numeric; a column named by the features is not in the table (the feature pipeline's
 * error, with its line in the training spec); a feature still missing after the steps; and the search
 * runner's own checks (metric, task, rows too few for the folds). The tracker hears nothing until they pass.
 *
 * <p>A seeded spec on the same table gives the same leaderboard and the same best model (see
 * {@link SearchRunner}), unless a time budget cut the search short. One job runs one search; {@link #cancel()}
 * stops it from any thread and the best completed trial is still refitted and reported.
 *
 * <p>{@link #prepare} does the checks and the feature fitting alone, so a caller (e.g. a server accepting a job
 * to run later) can refuse a bad spec before anything is tracked; {@link Prepared#run} then searches.
 */
public final class TrainingJob {

    private final AtomicReference<Prepared> prepared = new AtomicReference<>();
    private volatile boolean cancelled;

    /**
     * Runs the job: {@link #prepare} then {@link Prepared#run}.
     *
     * @param spec     the job
     * @param training the training rows and their split role; the test split is refused
     * @param tracker  where the search and its trials are recorded ({@link TrialTracker#none()} for nowhere)
     * @param progress hears each trial and the end of the search (e.g. a progress bar), or {@code null}
     * @throws GyreException.InvalidArgument as described in the class comment, before any training
     */
    public TrainingOutcome run(TrainingSpec spec, TrainingData training, TrialTracker tracker, SearchListener progress) {
        Objects.requireNonNull(tracker, "tracker");
        Prepared job = prepare(spec, training);
        prepared.set(job);
        if (cancelled) {
            job.cancel();
        }
        return job.run(tracker, progress);
    }

    /** Asks a running job to stop after its running trials; safe from any thread, also before {@code run}. */
    public void cancel() {
        cancelled = true;
        Prepared p = prepared.get();
        if (p != null) {
            p.cancel();
        }
    }

    /**
     * Checks the spec against the table and fits the features, without training or tracking anything: every
     * check of the class comment (the search runner's included) happens here, so a caller can refuse a bad
     * job before starting it.
     *
     * @param spec     the job
     * @param training the training rows and their split role; the test split is refused
     * @return the job, ready to {@link Prepared#run run} once
     * @throws GyreException.InvalidArgument as described in the class comment
     */
    public static Prepared prepare(TrainingSpec spec, TrainingData training) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(training, "training");
        if (training.role() == TrainingData.SplitRole.TEST) {
            throw new GyreException.InvalidArgument("Refusing to train on this table: " + FeaturePipeline.SEALED
                    + ". Train on the train split; the test split is for the one final evaluation.");
        }
        Table table = training.table();
        checkTarget(spec, table);
        FittedFeatures features = FeaturePipeline.fit(training, spec.features());
        TrainingSet data = trainingSet(spec, features, table);
        Search search = spec.search();
        SearchMetric.forTask(search.metric(), data);
        checkAlgorithms(spec, data);
        search.validation().split(data, search.seed());
        return new Prepared(spec, features, data);
    }

    /**
     * A checked job with its fitted features and training set, not started yet. {@link #run} may be called
     * once; {@link #cancel()} is safe from any thread, before or during the run.
     */
    public static final class Prepared {

        private final TrainingSpec spec;
        private final FittedFeatures features;
        private final TrainingSet data;
        private final AtomicReference<SearchRunner> runner = new AtomicReference<>();
        private final AtomicBoolean started = new AtomicBoolean();
        private volatile boolean cancelled;

        private Prepared(TrainingSpec spec, FittedFeatures features, TrainingSet data) {
            this.spec = spec;
            this.features = features;
            this.data = data;
        }

        /** The spec. */
        public TrainingSpec spec() {
            return spec;
        }

        /** The features fitted on the training table. */
        public FittedFeatures features() {
            return features;
        }

        /** The rows the search trains on. */
        public int rows() {
            return data.rows();
        }

        /** Whether {@link #cancel()} was called. */
        public boolean cancelled() {
            return cancelled;
        }

        /**
         * Searches, reporting to the tracker and then to the listener. When cancelled before it starts, the
         * search still starts (and is recorded) but trains no trial.
         *
         * @param tracker  where the search and its trials are recorded
         * @param progress hears each trial and the end of the search, or {@code null}
         * @throws IllegalStateException when called a second time
         */
        public TrainingOutcome run(TrialTracker tracker, SearchListener progress) {
            Objects.requireNonNull(tracker, "tracker");
            if (!started.compareAndSet(false, true)) {
                throw new IllegalStateException("a prepared training job runs once");
            }
            SearchListener listener = progress == null ? new SearchListener() { } : progress;
            SearchRunner searchRunner = new SearchRunner(spec.search(), data, new Forwarder(tracker, listener));
            runner.set(searchRunner);
            if (cancelled) {
                searchRunner.cancel();
            }
            String parentRunId = tracker.searchStarted(spec, features);
            SearchResult result;
            try {
                result = searchRunner.run();
                tracker.searchFinished(result, features);
            } catch (RuntimeException e) {
                tracker.searchFailed(e);
                throw e;
            }
            return new TrainingOutcome(result, features, parentRunId == null ? "" : parentRunId);
        }

        /** Asks the search to stop after its running trials; safe from any thread, also before {@code run}. */
        public void cancel() {
            cancelled = true;
            SearchRunner r = runner.get();
            if (r != null) {
                r.cancel();
            }
        }
    }

    /** Every algorithm of the spec must learn the training set's task (the search runner's own check, earlier). */
    private static void checkAlgorithms(TrainingSpec spec, TrainingSet data) {
        LearningTask task = data.learningTask();
        for (String algorithm : spec.algorithmNames()) {
            AlgorithmSpec algorithmSpec = Algorithms.spec(algorithm);
            if (!algorithmSpec.tasks().contains(task)) {
                int line = spec.line("algorithms." + algorithm).orElse(0);
                throw new GyreException.InvalidArgument((line > 0 ? "Line " + line + ": " : "") + algorithm
                        + " cannot learn a " + task + " training set; remove it from the search space or use one of: "
                        + String.join(", ", Algorithms.namesFor(task)));
            }
        }
    }

    private static void checkTarget(TrainingSpec spec, Table table) {
        String target = spec.target();
        int line = spec.line("target").orElse(0);
        String where = line > 0 ? "Line " + line + ", field 'target': " : "Field 'target': ";
        if (!table.hasColumn(target)) {
            throw new GyreException.InvalidArgument(where + "the table has no column '" + target
                    + "'; the columns are " + table.schema().names() + ". Name one of them.");
        }
        Column column = table.column(target);
        int missing = 0;
        TreeSet<String> values = new TreeSet<>();
        for (int i = 0; i < column.size(); i++) {
            if (column.isMissing(i)) {
                missing++;
            } else if (values.size() < 3) {
                values.add(label(column, i));
            }
        }
        if (missing > 0) {
            throw new GyreException.InvalidArgument(where + "the target column '" + target + "' is missing in "
                    + missing + " of " + column.size() + " rows; drop or label those rows first.");
        }
        if (values.size() < 2) {
            throw new GyreException.InvalidArgument(where + "the target column '" + target + "' is constant ("
                    + (values.isEmpty() ? "no rows" : "always " + values.first()) + "); nothing can be learned"
                    + " from it. Check the column and the split.");
        }
        switch (spec.task()) {
            case BINARY_CLASSIFICATION -> {
                if (values.size() > 2) {
                    throw new GyreException.InvalidArgument(where + "the target column '" + target + "' has more than"
                            + " two values (" + String.join(", ", values) + ", …); use task: multiclass_classification.");
                }
            }
            case REGRESSION -> {
                if (!(column instanceof NumericColumn)) {
                    throw new GyreException.InvalidArgument(where + "a regression target must be numeric; '" + target
                            + "' is " + column.type() + ". Use a classification task or convert the column.");
                }
            }
            default -> { }
        }
    }

    private static TrainingSet trainingSet(TrainingSpec spec, FittedFeatures features, Table table) {
        double[][] x = features.toMatrix(table);
        Column column = table.column(spec.target());
        if (spec.task().classification()) {
            String[] labels = new String[column.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = label(column, i);
            }
            return TrainingSet.classification(x, features.featureNames(), labels);
        }
        double[] y = ((NumericColumn) column).toArray();
        return TrainingSet.regression(x, features.featureNames(), y);
    }

    /** A class label: whole numbers without a fraction ({@code 1}, not {@code 1.0}), others as written. */
    static String label(Column column, int row) {
        Object v = column.get(row);
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(v);
    }

    /** Passes the search's events to the tracker first, then to the caller's listener. */
    private record Forwarder(TrialTracker tracker, SearchListener listener) implements SearchListener {
        @Override
        public void trialStarted(int number, Candidate candidate) {
            tracker.trialStarted(number, candidate);
            listener.trialStarted(number, candidate);
        }

        @Override
        public void trialFinished(TrialResult result, Progress progress) {
            tracker.trialFinished(result);
            listener.trialFinished(result, progress);
        }

        @Override
        public void searchFinished(SearchResult result) {
            listener.searchFinished(result);
        }
    }
}
