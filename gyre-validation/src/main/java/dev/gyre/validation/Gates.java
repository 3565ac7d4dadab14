package dev.gyre.validation;

import dev.gyre.core.charter.Charter;
import dev.gyre.core.charter.FairnessPolicy;
import dev.gyre.core.charter.SuccessCriterion;
import dev.gyre.validation.metrics.MetricValue;
import dev.gyre.validation.metrics.RowMetric;
import java.util.ArrayList;
import java.util.List;

/** Turns the sections of a report into gate results. */
final class Gates {

    static final String DATA = "data";
    static final String FEATURES = "features";
    static final String BUILD = "build";

    private Gates() {
    }

    static List<GateResult> evaluate(Charter charter, HoldoutReport holdout, Predictions train,
                                     OverfittingReport overfitting, FairnessReport fairness, ChampionReport champion) {
        List<GateResult> gates = new ArrayList<>();
        gates.add(criterion(GateResult.SUCCESS_METRIC, charter.successMetric(), holdout, overfitting.train(), train,
                true));
        for (SuccessCriterion secondary : charter.secondaryMetrics()) {
            gates.add(criterion(GateResult.SECONDARY_PREFIX + secondary.metric(), secondary, holdout, null, train,
                    !secondary.reportOnly()));
        }
        gates.add(overfitting(overfitting));
        gates.add(fairness(charter.fairness(), fairness));
        gates.add(champion(champion));
        return gates;
    }

    private static GateResult criterion(String name, SuccessCriterion criterion, HoldoutReport holdout,
                                        MetricValue trainScore, Predictions train, boolean blocking) {
        MetricValue value = holdout.metric(criterion.metric()).map(HoldoutReport.NamedMetric::value)
                .orElseGet(() -> MetricValue.notApplicable(criterion.metric() + " was not measured"));
        String rule = criterion.toString();
        if (!value.isApplicable()) {
            return new GateResult(name, GateStatus.FAILED, blocking, value, criterion.threshold(),
                    criterion.direction().symbol(), criterion.metric() + " could not be measured on the test split ("
                    + value.reason() + "), so " + rule + " is not shown", List.of(DATA));
        }
        if (criterion.isMetBy(value.get())) {
            return new GateResult(name, GateStatus.PASSED, blocking, value, criterion.threshold(),
                    criterion.direction().symbol(), "test " + criterion.metric() + " " + MetricThreshold.num(value.get())
                    + " meets " + rule, List.of());
        }
        MetricValue onTrain = trainScore != null ? trainScore
                : train.compute(criterion.metric(), RowMetric.allRows(train.rows()));
        boolean trainAlsoMisses = onTrain.isApplicable() && !criterion.isMetBy(onTrain.get());
        String message = "test " + criterion.metric() + " " + MetricThreshold.num(value.get()) + " misses " + rule
                + (trainAlsoMisses ? "; even the training score " + MetricThreshold.num(onTrain.get())
                + " misses it, so the data may not carry enough signal" : "");
        return new GateResult(name, GateStatus.FAILED, blocking, value, criterion.threshold(),
                criterion.direction().symbol(), message, List.of(trainAlsoMisses ? DATA : BUILD));
    }

    private static GateResult overfitting(OverfittingReport o) {
        String direction = "<=";
        if (o.maxGap() == null) {
            return new GateResult(GateResult.OVERFITTING, GateStatus.NOT_APPLICABLE, true, o.gap(), null, direction,
                    "the charter sets no max_overfitting_gap", List.of());
        }
        if (!o.gap().isApplicable()) {
            return new GateResult(GateResult.OVERFITTING, GateStatus.NOT_APPLICABLE, true, o.gap(), o.maxGap(),
                    direction, "the gap could not be measured: " + o.gap().reason(), List.of());
        }
        double gap = o.gap().get();
        String figures = o.metric() + " train " + MetricThreshold.num(o.train().get()) + ", test "
                + MetricThreshold.num(o.test().get())
                + (o.crossValidation().isApplicable() ? ", cross-validation "
                + MetricThreshold.num(o.crossValidation().get()) : "")
                + ": gap " + MetricThreshold.num(gap);
        boolean ok = gap <= o.maxGap();
        return new GateResult(GateResult.OVERFITTING, ok ? GateStatus.PASSED : GateStatus.FAILED, true, o.gap(),
                o.maxGap(), direction, figures + (ok ? " within " : " exceeds ") + "max_overfitting_gap "
                + MetricThreshold.num(o.maxGap()), ok ? List.of() : List.of(FEATURES, BUILD));
    }

    private static GateResult fairness(FairnessPolicy policy, FairnessReport report) {
        FairnessReport.PolicyVerdict verdict = report.policy();
        boolean blocking = policy != null && policy.blocking();
        List<String> small = report.entries().stream().flatMap(e -> e.smallGroups().stream()).toList();
        String smallNote = small.isEmpty() ? "" : "; groups below " + report.minGroupSize() + " rows: "
                + String.join(", ", small) + " (collect more data for them)";
        List<String> backTo = verdict.status() == GateStatus.FAILED ? List.of(DATA) : List.of();
        return new GateResult(GateResult.FAIRNESS, verdict.status(), blocking, verdict.value(), verdict.threshold(),
                verdict.direction(), verdict.message() + smallNote, backTo);
    }

    private static GateResult champion(ChampionReport report) {
        if (report.status() == GateStatus.NOT_APPLICABLE) {
            return new GateResult(GateResult.CHAMPION, GateStatus.NOT_APPLICABLE, false,
                    MetricValue.notApplicable(report.reason()), null, null, report.reason(), List.of());
        }
        ChampionReport.Check first = report.checks().get(0);
        MetricThreshold t = first.threshold();
        StringBuilder message = new StringBuilder();
        for (ChampionReport.Check check : report.checks()) {
            if (message.length() > 0) {
                message.append("; ");
            }
            message.append(check.metric()).append(": candidate ").append(show(check.candidate()))
                    .append(" vs champion ").append(report.championLabel()).append(' ').append(show(check.champion()))
                    .append(check.passed() ? " (passed)" : " (" + String.join("; ", check.failures()) + ")");
        }
        boolean ok = report.status() == GateStatus.PASSED;
        Double reference = first.champion().isApplicable() ? first.champion().get() : null;
        return new GateResult(GateResult.CHAMPION, report.status(), true, first.candidate(), reference,
                t.greaterIsBetter() ? ">=" : "<=", message.toString(), ok ? List.of() : List.of(BUILD));
    }

    private static String show(MetricValue v) {
        return v.isApplicable() ? MetricThreshold.num(v.get()) : "n/a";
    }
}
