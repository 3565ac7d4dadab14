/**
 * Tracking: experiments, runs, parameters, metrics, tags, dataset inputs and run search (the
 * backbone of stage 4), behind one service that both the native API and the MLflow-compatible API
 * use. Subpackages hold projects and charters (stage 1), the model registry (stage 6), and comments
 * and the audit log.
 */
package dev.gyre.tracking;
