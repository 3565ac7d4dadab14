/**
 * Stage 4 of the lifecycle, build and tune: trainers behind one small interface.
 *
 * <p>A {@link dev.gyre.training.TrainingSet} holds a dense numeric matrix with feature names and a target;
 * {@link dev.gyre.training.Algorithms} names the algorithms, checks their parameters against each one's
 * {@link dev.gyre.training.AlgorithmSpec} and returns a {@link dev.gyre.training.Trainer}; training gives a
 * {@link dev.gyre.training.TrainedModel} that predicts, reports what made it, and serialises to bytes that
 * {@link dev.gyre.training.ModelReaders} reads back without Java serialisation.
 * {@link dev.gyre.training.Metrics} scores predictions.
 */
package dev.gyre.training;
