/**
 * Implementations behind {@link dev.gyre.training.Algorithms} and {@link dev.gyre.training.ModelReaders}:
 * Gyre's own trees, forests, linear models and Gaussian naive Bayes, and the adapters to Tribuo and XGBoost.
 * Nothing here is a stable API; use the public package.
 */
package dev.gyre.training.internal;
