/**
 * Helpers shared by the metric and fairness packages: argument checks that raise
 * {@link dev.gyre.core.GyreException.InvalidArgument}, numpy-compatible quantiles and the distinct-threshold
 * curve under ROC AUC and average precision. Not a public API; callers use {@code dev.gyre.validation.metrics}.
 */
package dev.gyre.validation.internal;
