package dev.gyre.validation.card;

import static dev.gyre.validation.card.ModelCard.interval;
import static dev.gyre.validation.card.ModelCard.num;
import static dev.gyre.validation.card.ModelCard.value;

import dev.gyre.validation.FairnessReport;
import dev.gyre.validation.HoldoutReport;
import dev.gyre.validation.metrics.CalibrationCurve;
import dev.gyre.validation.metrics.MetricValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The two largest sections of a {@link ModelCard}: performance on the test split and fairness. */
final class Sections {

    private Sections() {
    }

    static void performance(Doc d, HoldoutReport h) {
        d.heading("Performance on the sealed test split");
        d.paragraph(h.rows() + " test rows. Intervals are seeded bootstrap percentile intervals.");
        List<List<String>> rows = new ArrayList<>();
        for (HoldoutReport.NamedMetric m : h.metrics()) {
            rows.add(List.of(m.name(), value(m.value()), interval(m.interval())));
        }
        d.table(List.of("metric", "value", "interval"), rows);
        HoldoutReport.ClassificationDetail c = h.classification();
        if (c != null) {
            d.subheading("Per class");
            List<List<String>> perClass = new ArrayList<>();
            for (HoldoutReport.ClassFigures f : c.perClass()) {
                perClass.add(figures(f));
            }
            if (c.macro() != null) {
                perClass.add(figures(c.macro()));
            }
            if (c.weighted() != null) {
                perClass.add(figures(c.weighted()));
            }
            d.table(List.of("class", "precision", "recall", "F1", "support"), perClass);
            if (c.confusionMatrix() != null) {
                d.subheading("Confusion matrix (rows: true class, columns: predicted)");
                List<String> header = new ArrayList<>();
                header.add("true \\ predicted");
                header.addAll(c.confusionMatrix().labels());
                List<List<String>> cells = new ArrayList<>();
                for (int i = 0; i < c.confusionMatrix().labels().size(); i++) {
                    List<String> row = new ArrayList<>();
                    row.add(c.confusionMatrix().labels().get(i));
                    c.confusionMatrix().counts().get(i).forEach(n -> row.add(Long.toString(n)));
                    cells.add(row);
                }
                d.table(header, cells);
            }
            CalibrationCurve curve = c.calibration();
            if (curve != null && curve.meanPredicted().length > 0) {
                d.subheading("Calibration");
                d.reliability("Reliability of the predicted probability of class " + c.positiveClass()
                        + " (the dashed diagonal is perfect calibration)", curve.meanPredicted(), curve.fractionOfPositives());
                List<List<String>> bins = new ArrayList<>();
                for (int i = 0; i < curve.meanPredicted().length; i++) {
                    bins.add(List.of(num(curve.meanPredicted()[i]), num(curve.fractionOfPositives()[i]),
                            Long.toString(curve.counts()[i])));
                }
                d.table(List.of("mean predicted", "fraction positive", "rows"), bins);
            }
        }
        HoldoutReport.RegressionDetail r = h.regression();
        if (r != null) {
            d.subheading("Residuals (true minus predicted)");
            List<List<String>> q = new ArrayList<>();
            for (HoldoutReport.Quantile quantile : r.residualQuantiles()) {
                q.add(List.of(num(quantile.level() * 100) + " %", num(quantile.value())));
            }
            d.table(List.of("quantile", "residual"), q);
        }
    }

    private static List<String> figures(HoldoutReport.ClassFigures f) {
        return List.of(f.label(), num(f.precision()), num(f.recall()), num(f.f1()), Long.toString(f.support()));
    }

    static void fairness(Doc d, FairnessReport f) {
        d.heading("Fairness");
        FairnessReport.PolicyVerdict p = f.policy();
        if (p == null || p.metric() == null) {
            d.paragraph("The charter sets no fairness policy" + (p == null || p.message() == null ? "." : ": " + p.message()));
        } else {
            d.verdict(p.status() != dev.gyre.validation.GateStatus.FAILED, "policy " + p.metric() + " " + p.direction()
                    + " " + num(p.threshold()) + " (" + p.mode() + "): " + p.status() + ". " + p.message());
        }
        if (f.entries().isEmpty()) {
            d.paragraph("The charter names no sensitive attributes, so no group was compared.");
            return;
        }
        d.paragraph("Groups with fewer than " + f.minGroupSize() + " test rows are flagged, not hidden.");
        for (FairnessReport.AttributeFairness entry : f.entries()) {
            d.subheading("By " + String.join(" × ", entry.attributes()));
            if (entry.notApplicable() != null) {
                d.paragraph("Not applicable: " + entry.notApplicable());
                continue;
            }
            Set<String> metricNames = new LinkedHashSet<>();
            entry.groups().forEach(g -> metricNames.addAll(g.metrics().keySet()));
            List<String> header = new ArrayList<>(List.of("group", "rows"));
            header.addAll(metricNames);
            List<List<String>> rows = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            List<Double> chart = new ArrayList<>();
            String charted = metricNames.contains("selection_rate") ? "selection_rate"
                    : metricNames.isEmpty() ? null : metricNames.iterator().next();
            for (FairnessReport.GroupRow g : entry.groups()) {
                List<String> row = new ArrayList<>();
                row.add(g.group());
                row.add(g.size() + (g.belowMinimumSize() ? " (too small)" : ""));
                Map<String, MetricValue> metrics = ModelCard.orEmpty(g.metrics());
                for (String name : metricNames) {
                    row.add(value(metrics.get(name)));
                }
                rows.add(row);
                MetricValue v = charted == null ? null : metrics.get(charted);
                if (v != null && v.isApplicable()) {
                    labels.add(g.group());
                    chart.add(v.get());
                }
            }
            d.table(header, rows);
            if (charted != null) {
                d.bars(charted + " by group", labels, chart, null, null);
            }
            List<List<String>> measures = new ArrayList<>();
            for (FairnessReport.Measure m : entry.measures()) {
                measures.add(List.of(m.name(), value(m.value()), interval(m.interval())));
            }
            if (!measures.isEmpty()) {
                d.table(List.of("measure", "value", "interval"), measures);
            }
        }
    }
}
