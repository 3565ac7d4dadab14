/**
 * Helpers of the tracking service: MLflow's validation rules and limits, and opaque page tokens.
 * Not a public API; the service in the parent package is.
 */
package dev.gyre.tracking.internal;
