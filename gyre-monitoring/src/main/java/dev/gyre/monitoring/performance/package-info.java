/**
 * Model quality once ground truth arrives: {@link dev.gyre.monitoring.performance.QualityMetrics} computes the
 * classification and regression metrics from arrays of outcomes and predictions (checked against scikit-learn), and
 * {@link dev.gyre.monitoring.performance.QualitySummary} holds them by name so a charter's success metric can be
 * looked up and alerted on.
 */
package dev.gyre.monitoring.performance;
