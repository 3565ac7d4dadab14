/**
 * Stage 7 on the platform: the prediction log's records profiled per deployment version and window
 * ({@link dev.gyre.server.monitoring.MonitoringService}, stored per replica by
 * {@link dev.gyre.server.monitoring.WindowStore} and merged on read), delayed ground truth joined to the logged
 * predictions ({@link dev.gyre.server.monitoring.FeedbackStore}), and the alert rules evaluated on a schedule
 * with their events stored and sent ({@link dev.gyre.server.monitoring.AlertService},
 * {@link dev.gyre.server.monitoring.PlatformMonitoring}). See docs/monitoring.md.
 */
package dev.gyre.server.monitoring;
