package dev.gyre.monitoring.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.core.GyreException;
import dev.gyre.monitoring.drift.DatasetDrift;
import dev.gyre.monitoring.drift.DriftResult;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@link DriftReport} as JSON with stable snake_case field names, in a fixed order:
 * <pre>
 * format ("gyre.drift_report"), format_version (1), deployment, model_version, window_start, window_end (ISO-8601),
 * reference_rows, current_rows,
 * dataset_drift {drifted, share, threshold, tested_columns, drifted_columns, correction, note},
 * columns [{column, kind, reference_count, current_count, reference_missing, current_missing, drifted, note,
 *           test {test, statistic, p_value, threshold, drifted, applicable, note},
 *           reference_stats / current_stats {min, max, mean, std},
 *           histogram {edges, reference, current, method}, categories [{label, other, reference, current}]}],
 * outlier_rate, quality {name: value}
 * </pre>
 * Absent values are null (never omitted); NaN and ±∞ are written as null, so the output is strict JSON.
 */
public final class DriftReportJson {

    /** The value of the {@code format} field. */
    public static final String FORMAT = "gyre.drift_report";
    /** The value of the {@code format_version} field; raised when a field changes meaning or disappears. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DriftReportJson() {
    }

    /** The report as pretty-printed JSON; the same report always gives the same text. */
    public static String write(DriftReport report) {
        if (report == null) {
            throw new GyreException.InvalidArgument("no report to write; build one with DriftReport.of");
        }
        try {
            return MAPPER.writeValueAsString(tree(report));
        } catch (JsonProcessingException e) {
            throw new GyreException.Internal("unable to write the drift report as JSON", e);
        }
    }

    /** The report as a Jackson tree (the same content {@link #write} prints). */
    public static ObjectNode tree(DriftReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("format_version", FORMAT_VERSION);
        root.put("deployment", report.deployment());
        root.put("model_version", report.modelVersion());
        root.put("window_start", report.windowStart().toString());
        root.put("window_end", report.windowEnd().toString());
        root.put("reference_rows", report.referenceRows());
        root.put("current_rows", report.currentRows());
        DatasetDrift d = report.drift();
        ObjectNode dataset = root.putObject("dataset_drift");
        dataset.put("drifted", d.datasetDrift());
        number(dataset, "share", d.share());
        number(dataset, "threshold", d.threshold());
        dataset.put("tested_columns", d.tested());
        dataset.put("drifted_columns", d.drifted());
        dataset.put("correction", d.correction() == null ? null : d.correction().name().toLowerCase(Locale.ROOT));
        dataset.put("note", d.note());
        ArrayNode columns = root.putArray("columns");
        for (ColumnSummary c : report.columns().values()) {
            columns.add(column(c));
        }
        number(root, "outlier_rate", report.outlierRate());
        ObjectNode quality = root.putObject("quality");
        for (Map.Entry<String, Double> e : report.quality().entrySet()) {
            number(quality, e.getKey(), e.getValue());
        }
        return root;
    }

    private static ObjectNode column(ColumnSummary c) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("column", c.column());
        o.put("kind", c.kind() == null ? null : c.kind().name().toLowerCase(Locale.ROOT));
        o.put("reference_count", c.referenceCount());
        o.put("current_count", c.currentCount());
        o.put("reference_missing", c.referenceMissing());
        o.put("current_missing", c.currentMissing());
        o.put("drifted", c.drifted());
        o.put("note", c.note());
        DriftResult r = c.drift();
        if (r == null) {
            o.putNull("test");
        } else {
            ObjectNode t = o.putObject("test");
            t.put("test", r.test());
            number(t, "statistic", r.statistic());
            number(t, "p_value", r.pValue());
            number(t, "threshold", r.threshold());
            t.put("drifted", r.drifted());
            t.put("applicable", r.applicable());
            t.put("note", r.note());
        }
        stats(o, "reference_stats", c.referenceStats());
        stats(o, "current_stats", c.currentStats());
        ColumnSummary.Histogram h = c.histogram();
        if (h == null) {
            o.putNull("histogram");
        } else {
            ObjectNode hist = o.putObject("histogram");
            numbers(hist, "edges", h.edges());
            numbers(hist, "reference", h.reference());
            numbers(hist, "current", h.current());
            hist.put("method", h.method());
        }
        ArrayNode categories = o.putArray("categories");
        for (ColumnSummary.CategoryShare s : c.categories()) {
            ObjectNode row = categories.addObject();
            row.put("label", s.label());
            row.put("other", s.other());
            number(row, "reference", s.reference());
            number(row, "current", s.current());
        }
        return o;
    }

    private static void stats(ObjectNode parent, String field, ColumnSummary.NumericStats s) {
        if (s == null) {
            parent.putNull(field);
            return;
        }
        ObjectNode o = parent.putObject(field);
        number(o, "min", s.min());
        number(o, "max", s.max());
        number(o, "mean", s.mean());
        number(o, "std", s.std());
    }

    private static void numbers(ObjectNode parent, String field, List<Double> values) {
        if (values == null) {
            parent.putNull(field);
            return;
        }
        ArrayNode a = parent.putArray(field);
        for (Double v : values) {
            if (v == null || !Double.isFinite(v)) {
                a.addNull();
            } else {
                a.add(v);
            }
        }
    }

    /** A number, or null when absent, NaN or infinite. */
    private static void number(ObjectNode parent, String field, Double value) {
        if (value == null || !Double.isFinite(value)) {
            parent.putNull(field);
        } else {
            parent.put(field, value.doubleValue());
        }
    }
}
