package dev.gyre.monitoring.report;

import dev.gyre.core.GyreException;
import dev.gyre.monitoring.drift.DatasetDrift;
import dev.gyre.monitoring.drift.DriftResult;
import dev.gyre.monitoring.profile.ColumnProfile;
import dev.gyre.monitoring.profile.DatasetProfile;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The drift report of one window: which deployment and model version, the current window and its row count
 * against the reference's, the dataset's drift verdict and per column a {@link ColumnSummary}. Optional sections:
 * the outlier rate of the window and model-quality metrics once ground truth has arrived. Immutable; the
 * {@code with…} methods return copies. Write it with {@link DriftReportJson} or {@link DriftReportHtml}.
 *
 * @param deployment     the deployment's name; may be null
 * @param modelVersion   the model version served; may be null
 * @param windowStart    start of the current window (inclusive)
 * @param windowEnd      end of the current window (exclusive)
 * @param referenceRows  rows in the reference profile
 * @param currentRows    rows in the current window
 * @param drift          the drift evaluation of the two profiles
 * @param columns        per column, in the reference's order then columns only the current profile holds
 * @param outlierRate    share of outlying rows in the window, in [0, 1]; null when not computed
 * @param quality        model-quality metrics by name (see {@code QualitySummary}); empty when there are none.
 *                       Values may be null or non-finite when a metric is undefined; they are written as null.
 */
public record DriftReport(String deployment, String modelVersion, Instant windowStart, Instant windowEnd,
                          long referenceRows, long currentRows, DatasetDrift drift, Map<String, ColumnSummary> columns,
                          Double outlierRate, Map<String, Double> quality) {

    public DriftReport {
        if (windowStart == null || windowEnd == null || windowEnd.isBefore(windowStart)) {
            throw new GyreException.InvalidArgument("report window [" + windowStart + ", " + windowEnd
                    + ") is not valid; give a start and an end not before it");
        }
        if (referenceRows < 0 || currentRows < 0) {
            throw new GyreException.InvalidArgument("row counts must be ≥ 0 (reference " + referenceRows + ", current "
                    + currentRows + ")");
        }
        if (drift == null) {
            throw new GyreException.InvalidArgument("a drift report needs the drift evaluation; run SketchDrift or DriftDefaults first");
        }
        if (columns == null) {
            throw new GyreException.InvalidArgument("no column summaries given; pass a map (it may be empty)");
        }
        if (outlierRate != null && !(outlierRate >= 0 && outlierRate <= 1)) {
            throw new GyreException.InvalidArgument("outlier rate " + outlierRate + " is not a share in [0, 1]; pass outliers / rows or null");
        }
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        quality = quality == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(quality));
        for (String name : quality.keySet()) {
            if (name == null || name.isEmpty()) {
                throw new GyreException.InvalidArgument("a quality metric has no name; name each metric, for example \"accuracy\"");
            }
        }
    }

    /**
     * The report of the current profile against the reference: window and current rows from the current profile,
     * a {@link ColumnSummary} for every column either profile or the drift evaluation holds. A column absent on one
     * side is reported with a note, and a window without rows gives columns noted "no data", never an exception.
     *
     * @param deployment the deployment's name; may be null
     * @param version    the model version; may be null
     * @throws GyreException.InvalidArgument when a profile or the drift evaluation is missing
     */
    public static DriftReport of(String deployment, String version, DatasetProfile reference, DatasetProfile current,
                                 DatasetDrift drift) {
        if (reference == null || current == null) {
            throw new GyreException.InvalidArgument("a drift report needs the reference and the current profile; pass both");
        }
        if (drift == null) {
            throw new GyreException.InvalidArgument("a drift report needs the drift evaluation; run SketchDrift or DriftDefaults first");
        }
        Set<String> names = new LinkedHashSet<>(reference.columns().keySet());
        names.addAll(current.columns().keySet());
        if (drift.columns() != null) {
            names.addAll(drift.columns().keySet());
        }
        Map<String, ColumnSummary> columns = new LinkedHashMap<>();
        for (String name : names) {
            ColumnProfile r = reference.columns().get(name);
            ColumnProfile c = current.columns().get(name);
            DriftResult d = drift.columns() == null ? null : drift.columns().get(name);
            columns.put(name, ColumnSummary.of(name, r, c, d));
        }
        return new DriftReport(deployment, version, current.start(), current.end(), reference.rows(), current.rows(), drift,
                columns, null, Map.of());
    }

    /** A copy with the window's outlier rate (a share in [0, 1], or null to drop the section). */
    public DriftReport withOutlierRate(Double rate) {
        return new DriftReport(deployment, modelVersion, windowStart, windowEnd, referenceRows, currentRows, drift, columns,
                rate, quality);
    }

    /** A copy with model-quality metrics by name, in the map's order (for example {@code QualitySummary.metrics()}). */
    public DriftReport withQuality(Map<String, Double> metrics) {
        return new DriftReport(deployment, modelVersion, windowStart, windowEnd, referenceRows, currentRows, drift, columns,
                outlierRate, metrics);
    }
}
