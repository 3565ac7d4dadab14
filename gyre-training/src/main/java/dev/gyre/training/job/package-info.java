/**
 * Training jobs: a YAML {@link dev.gyre.training.job.TrainingSpec} (experiment, target, task, metric, an inline
 * feature spec, validation, search budget and the algorithms' search space), read by
 * {@link dev.gyre.training.job.TrainingSpecParser} with errors that name the line, the field and the fix, and
 * run by {@link dev.gyre.training.job.TrainingJob}: fit the features on the training split (never the sealed
 * test split), build the matrix and target, run the hyperparameter search, and report the search and each
 * trial to a {@link dev.gyre.training.job.TrialTracker}. {@link dev.gyre.training.job.TrackingTrialTracker}
 * records them as an MLflow parent run with one child run per trial (tag {@code mlflow.parentRunId}) and logs
 * the best model and its fitted features as the parent run's artifacts.
 */
package dev.gyre.training.job;
