package dev.gyre.training;

import java.util.Map;

/**
 * Learns a model from a training set. Implementations are stateless and safe to share between threads;
 * the usual way to get one is {@link Algorithms#trainer(String)}.
 */
@FunctionalInterface
public interface Trainer {

    /**
     * Trains a model.
     *
     * @param data   the rows to learn from; never modified
     * @param params the algorithm's parameters by name; absent ones take their defaults (see
     *               {@link AlgorithmSpec#params()})
     * @param seed   the only source of randomness: the same seed, data and parameters give a model whose
     *               predictions are identical (the module's README says how each algorithm keeps its threads
     *               from changing that)
     * @return the trained model, carrying the algorithm's name and the complete parameters used
     * @throws dev.gyre.core.GyreException.InvalidArgument when a parameter is unknown or out of range, or the
     *                                                     algorithm cannot learn this kind of training set
     */
    TrainedModel fit(TrainingSet data, Map<String, Object> params, long seed);
}
