/**
 * Drift reports for one monitoring window: {@link dev.gyre.monitoring.report.DriftReport} gathers the dataset's
 * drift verdict, each column's test and a summary of both distributions computed from the profiles alone;
 * {@link dev.gyre.monitoring.report.DriftReportJson} and {@link dev.gyre.monitoring.report.DriftReportHtml} write
 * it as stable JSON and as one self-contained HTML page.
 */
package dev.gyre.monitoring.report;
