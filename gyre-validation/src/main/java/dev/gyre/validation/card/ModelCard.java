package dev.gyre.validation.card;

import dev.gyre.validation.ChampionReport;
import dev.gyre.validation.FairnessReport;
import dev.gyre.validation.FeatureImportance;
import dev.gyre.validation.GateResult;
import dev.gyre.validation.GateStatus;
import dev.gyre.validation.HoldoutReport;
import dev.gyre.validation.OverfittingReport;
import dev.gyre.validation.SliceReport;
import dev.gyre.validation.ValidationReport;
import dev.gyre.validation.metrics.BootstrapInterval;
import dev.gyre.validation.metrics.MetricValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A model card made from a {@link ValidationReport} and the version's {@link CardFacts}: verdict, intended use,
 * model, data, features, performance on the sealed test split, overfitting, fairness, slices, champion
 * comparison, explanations, gates and limitations — every section present, saying "not computed" or "not
 * applicable" with the reason where a figure is missing. {@link #markdown()} and {@link #html()} carry the same
 * content; the HTML adds charts. Immutable and thread-safe.
 */
public final class ModelCard {

    /** The section headings, in order; each appears in both formats. */
    public static final List<String> SECTIONS = List.of("Verdict", "Intended use", "Model", "Data", "Features",
            "Performance on the sealed test split", "Overfitting", "Fairness", "Slices", "Champion comparison",
            "Explanations", "Gates", "Limitations");

    private final ValidationReport report;
    private final CardFacts facts;
    private final List<ExampleExplanation> examples;

    private ModelCard(ValidationReport report, CardFacts facts, List<ExampleExplanation> examples) {
        this.report = Objects.requireNonNull(report, "report");
        this.facts = Objects.requireNonNull(facts, "facts");
        this.examples = List.copyOf(examples);
    }

    /** The card of a validated version. */
    public static ModelCard of(ValidationReport report, CardFacts facts) {
        return new ModelCard(report, facts, List.of());
    }

    /** The card of a validated version, with the contributions behind a few test predictions. */
    public static ModelCard of(ValidationReport report, CardFacts facts, List<ExampleExplanation> examples) {
        return new ModelCard(report, facts, examples);
    }

    /** The card as Markdown. */
    public String markdown() {
        return write(MarkdownDoc::new);
    }

    /** The card as one self-contained HTML page. */
    public String html() {
        return write(HtmlDoc::new);
    }

    /** The limitations the card lists: failed gates, small groups, weak slices, missing figures. */
    public List<String> limitations() {
        return Limitations.of(report);
    }

    private String write(Supplier<Doc> kind) {
        Doc d = kind.get();
        d.title("Model card: " + facts.modelName() + " version " + facts.version());
        d.paragraph("Validated " + facts.validatedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + (facts.validatedBy().isEmpty() ? "" : " by " + facts.validatedBy())
                + (facts.project() == null ? "" : " in project " + facts.project()) + ".");
        verdict(d);
        intendedUse(d);
        model(d);
        data(d);
        features(d);
        Sections.performance(d, report.holdout());
        overfitting(d, report.overfitting());
        Sections.fairness(d, report.fairness());
        slices(d, report.slices());
        champion(d, report.champion());
        explanations(d, report.importance());
        gates(d);
        d.heading("Limitations");
        d.bullets(limitations());
        return d.render();
    }

    private void verdict(Doc d) {
        d.heading("Verdict");
        if (report.passed()) {
            d.verdict(true, "no blocking gate failed; the version may be promoted to production.");
        } else {
            d.verdict(false, "blocking gate(s) failed: " + String.join(", ", report.blockingFailures())
                    + ". The version cannot get the production alias."
                    + (report.backTo().isEmpty() ? "" : " Go back to: " + String.join(", ", report.backTo()) + "."));
        }
    }

    private void intendedUse(Doc d) {
        ValidationReport.Subject s = report.subject();
        d.heading("Intended use");
        d.paragraph(facts.problemStatement() == null || facts.problemStatement().isBlank()
                ? "The charter gives no problem statement." : facts.problemStatement());
        d.table(List.of("task", "target", "success metric"),
                List.of(List.of(s.taskType(), s.targetColumn(), s.successMetric())));
    }

    private void model(Doc d) {
        ValidationReport.Subject s = report.subject();
        d.heading("Model");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("algorithm", s.algorithm()));
        if (!s.classes().isEmpty()) {
            rows.add(List.of("classes", String.join(", ", s.classes())
                    + (s.positiveClass() == null ? "" : " (positive: " + s.positiveClass() + ")")));
        }
        rows.add(List.of("run", orNone(facts.runId())));
        rows.add(List.of("git commit", orNone(facts.gitCommit())));
        d.table(List.of("field", "value"), rows);
        if (facts.params().isEmpty()) {
            d.paragraph("No hyperparameters recorded.");
        } else {
            List<List<String>> params = new ArrayList<>();
            facts.params().forEach((k, v) -> params.add(List.of(k, v)));
            d.subheading("Hyperparameters");
            d.table(List.of("parameter", "value"), params);
        }
    }

    private void data(Doc d) {
        ValidationReport.Subject s = report.subject();
        d.heading("Data");
        d.paragraph(s.trainRows() + " training rows; " + s.testRows() + " rows of the sealed test split, which no"
                + " training or feature fitting has read (only validation may, and each of its reads is logged).");
        d.bullets(facts.dataVersions().isEmpty() ? List.of("No data versions recorded in the lineage.")
                : facts.dataVersions());
    }

    private void features(Doc d) {
        d.heading("Features");
        d.paragraph(facts.features().size() + " model inputs after the feature pipeline"
                + (facts.featuresHash() == null ? "" : " (feature spec " + abbreviate(facts.featuresHash(), 12) + ")")
                + ", fitted on the training split only and shipped with the model.");
        if (!facts.features().isEmpty()) {
            d.paragraph(String.join(", ", facts.features()));
        }
    }

    private void overfitting(Doc d, OverfittingReport o) {
        d.heading("Overfitting");
        d.table(List.of("metric", "training", "cross-validation", "test", "gap", "maximum gap"),
                List.of(List.of(o.metric(), value(o.train()), value(o.crossValidation()), value(o.test()),
                        value(o.gap()), o.maxGap() == null ? "no limit" : num(o.maxGap()))));
        d.paragraph("The gap is training minus test " + (o.higherIsBetter() ? "" : "error ")
                + "score; a positive gap means the model does worse on rows it has not seen.");
    }

    private void slices(Doc d, SliceReport s) {
        d.heading("Slices");
        d.paragraph("Success metric " + s.metric() + " on the whole test split: " + value(s.overall())
                + ". Slices of at least " + s.minSliceSize() + " rows, worst first:");
        if (s.worst().isEmpty()) {
            d.paragraph("No slice is large enough to rank.");
        } else {
            List<List<String>> rows = new ArrayList<>();
            for (SliceReport.Slice slice : s.worst()) {
                rows.add(List.of(slice.column(), slice.slice(), Integer.toString(slice.rows()), slice.metric(),
                        value(slice.value())));
            }
            d.table(List.of("column", "slice", "rows", "metric", "value"), rows);
        }
        if (!s.tooSmall().isEmpty()) {
            d.paragraph(s.tooSmall().size() + " slice(s) below " + s.minSliceSize() + " rows are not ranked.");
        }
        if (!s.skipped().isEmpty()) {
            d.bullets(s.skipped());
        }
    }

    private void champion(Doc d, ChampionReport c) {
        d.heading("Champion comparison");
        if (c.status() == GateStatus.NOT_APPLICABLE) {
            d.paragraph("Not applicable: " + c.reason());
            return;
        }
        d.paragraph("Compared with " + c.championLabel() + " (" + c.championAlgorithm() + ") on the same test split: "
                + c.status() + ".");
        List<List<String>> rows = new ArrayList<>();
        for (ChampionReport.Check check : c.checks()) {
            rows.add(List.of(check.metric(), value(check.candidate()), value(check.champion()),
                    check.passed() ? "passed" : "failed: " + String.join("; ", check.failures())));
        }
        d.table(List.of("metric", "this version", "champion", "result"), rows);
    }

    private void explanations(Doc d, List<FeatureImportance> importance) {
        d.heading("Explanations");
        if (importance == null || importance.isEmpty()) {
            d.paragraph("Feature importance was not computed for this validation.");
            examples(d);
            return;
        }
        d.paragraph("Permutation importance on the test split: how much the success metric drops when a feature's"
                + " values are shuffled (mean over repeats, with an interval). Per-prediction contributions are"
                + " served by the model's explain route.");
        List<String> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<double[]> intervals = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (FeatureImportance f : importance) {
            labels.add(f.feature());
            values.add(f.mean());
            intervals.add(new double[] {f.lower(), f.upper()});
            rows.add(List.of(f.feature(), num(f.mean()), num(f.lower()) + " – " + num(f.upper())));
        }
        d.bars("Permutation importance (drop in the success metric)", labels, values, intervals, null);
        d.table(List.of("feature", "importance", "interval"), rows);
        examples(d);
    }

    private void examples(Doc d) {
        if (examples.isEmpty()) {
            return;
        }
        d.subheading("Why individual predictions were made");
        for (ExampleExplanation e : examples) {
            d.paragraph(e.row() + ": " + e.prediction() + ". Contributions (" + e.method() + ") to the " + e.output()
                    + ", from " + num(e.baseValue()) + " at the average input:");
            List<String> labels = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            List<List<String>> rows = new ArrayList<>();
            for (ExampleExplanation.Contribution c : e.top()) {
                labels.add(c.feature() + " = " + num(c.value()));
                values.add(c.effect());
                rows.add(List.of(c.feature(), num(c.value()), (c.effect() >= 0 ? "+" : "") + num(c.effect())));
            }
            d.bars(e.row(), labels, values, null, null);
            d.table(List.of("feature", "value", "effect"), rows);
        }
    }

    private void gates(Doc d) {
        d.heading("Gates");
        List<List<String>> rows = new ArrayList<>();
        for (GateResult g : report.gates()) {
            rows.add(List.of(g.name(), g.status().wireName(), g.blocking() ? "blocking" : "report only",
                    g.message() == null ? "" : g.message(), String.join(", ", g.backTo())));
        }
        d.table(List.of("gate", "result", "kind", "figures", "back to"), rows);
    }

    static String value(MetricValue v) {
        return v == null ? "not computed" : v.isApplicable() ? num(v.get()) : "n/a (" + v.reason() + ")";
    }

    static String interval(BootstrapInterval ci) {
        if (ci == null || !ci.lower().isApplicable() || !ci.upper().isApplicable()) {
            return "—";
        }
        return num(ci.lower().get()) + " – " + num(ci.upper().get());
    }

    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 1000 ? "%.1f" : "%.4f", v);
    }

    private static String orNone(String s) {
        return s == null || s.isBlank() ? "not recorded" : s;
    }

    private static String abbreviate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n);
    }

    static Map<String, MetricValue> orEmpty(Map<String, MetricValue> m) {
        return m == null ? Map.of() : m;
    }
}
