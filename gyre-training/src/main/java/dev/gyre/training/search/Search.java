package dev.gyre.training.search;

import dev.gyre.core.GyreException;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings of a hyperparameter search; {@link SearchRunner} runs one on a training set.
 *
 * @param space       what to try
 * @param sampler     how to propose candidates
 * @param metric      the metric's name (see {@link SearchMetric})
 * @param validation  how each trial is scored
 * @param maxTrials   the most trials to run, or 0 for no limit (then {@code maxTime} or an exhausted sampler
 *                    ends the search)
 * @param maxTime     the wall-time budget, or {@code null} for none; checked before each batch of trials
 *                    starts, so a search may overrun it by one batch
 * @param parallelism trials run at once (threads of the search's executor); also TPE's batch size
 * @param halvingEta  successive halving's η (at least 2), or 0 to evaluate every trial on every fold
 * @param seed        the seed of fold assignment, of the sampler's generator and of every model trained
 */
public record Search(SearchSpace space, Sampler.Factory sampler, String metric, Validation validation, int maxTrials,
                     Duration maxTime, int parallelism, int halvingEta, long seed) {

    public Search {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(sampler, "sampler");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(validation, "validation");
        if (maxTrials < 0 || maxTrials == 0 && maxTime == null) {
            throw new GyreException.InvalidArgument("the search has no budget (max trials " + maxTrials
                    + ", no time limit); give max trials >= 1 or a positive max time");
        }
        if (maxTime != null && (maxTime.isZero() || maxTime.isNegative())) {
            throw new GyreException.InvalidArgument("the search's time budget is " + maxTime
                    + "; give a positive duration or none");
        }
        if (parallelism < 1) {
            throw new GyreException.InvalidArgument("parallelism must be at least 1, not " + parallelism);
        }
        if (halvingEta != 0 && halvingEta < 2) {
            throw new GyreException.InvalidArgument("successive halving's eta must be at least 2 (or 0 for none), not "
                    + halvingEta);
        }
    }

    /** A builder with defaults: TPE, {@code roc_auc}, 5-fold cross-validation, 20 trials, one thread, no halving, seed 0. */
    public static Builder builder(SearchSpace space) {
        return new Builder(space);
    }

    /** Builds a {@link Search}. */
    public static final class Builder {
        private final SearchSpace space;
        private Sampler.Factory sampler = TpeSampler.factory();
        private String metric = "roc_auc";
        private Validation validation = Validation.kFold(5);
        private int maxTrials = 20;
        private Duration maxTime;
        private int parallelism = 1;
        private int halvingEta;
        private long seed;

        private Builder(SearchSpace space) {
            this.space = space;
        }

        public Builder sampler(Sampler.Factory sampler) {
            this.sampler = sampler;
            return this;
        }

        public Builder metric(String metric) {
            this.metric = metric;
            return this;
        }

        public Builder validation(Validation validation) {
            this.validation = validation;
            return this;
        }

        public Builder maxTrials(int maxTrials) {
            this.maxTrials = maxTrials;
            return this;
        }

        public Builder maxTime(Duration maxTime) {
            this.maxTime = maxTime;
            return this;
        }

        public Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        /** Prunes by successive halving with this η (see {@link SearchRunner}). */
        public Builder halving(int eta) {
            this.halvingEta = eta;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Search build() {
            return new Search(space, sampler, metric, validation, maxTrials, maxTime, parallelism, halvingEta, seed);
        }
    }
}
