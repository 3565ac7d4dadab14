package dev.gyre.validation;

import dev.gyre.core.charter.Charter;
import dev.gyre.core.charter.MetricKind;
import dev.gyre.core.charter.SuccessCriterion;
import dev.gyre.validation.HoldoutReport.ClassFigures;
import dev.gyre.validation.HoldoutReport.ClassificationDetail;
import dev.gyre.validation.HoldoutReport.ConfusionTable;
import dev.gyre.validation.HoldoutReport.NamedMetric;
import dev.gyre.validation.HoldoutReport.Quantile;
import dev.gyre.validation.HoldoutReport.RegressionDetail;
import dev.gyre.validation.metrics.Bootstrap;
import dev.gyre.validation.metrics.CalibrationCurve;
import dev.gyre.validation.metrics.ClassReport;
import dev.gyre.validation.metrics.ClassificationMetrics;
import dev.gyre.validation.metrics.ConfusionMatrix;
import dev.gyre.validation.metrics.MetricValue;
import dev.gyre.validation.metrics.RegressionMetrics;
import dev.gyre.validation.metrics.RowMetric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The stage-5 checkpoint: evaluates a model on the sealed test split against the project's charter and decides
 * whether it may go to production. A pure library: no database, no network, no clock; the same request gives the
 * same report.
 *
 * <p>The positive class of a binary task is the second of {@code model.classes()}. Classes are sorted when a
 * model is trained, so a 0/1 target (Titanic's {@code Survived}) has positive class {@code 1}, false/true has
 * {@code true} and no/yes has {@code yes}.
 *
 * <p>Thread-safe and stateless.
 */
public final class ModelValidator {

    /** Headline metrics of classification, in report order. */
    static final List<String> CLASSIFICATION_METRICS = List.of("accuracy", "balanced_accuracy", "precision",
            "recall", "f1", "roc_auc", "pr_auc", "log_loss", "brier");
    /** Headline metrics of regression, in report order. */
    static final List<String> REGRESSION_METRICS = List.of("rmse", "mae", "r2", "mape");

    /**
     * Validates a model.
     *
     * @throws dev.gyre.core.GyreException.InvalidArgument when the charter's task does not match the model (or the
     *         champion), the target column is missing from a table or has missing values, a label is not a class
     *         of the model, the fitted features do not fit the model, or a champion threshold names a metric of
     *         another task
     */
    public ValidationReport validate(ValidationRequest request) {
        Charter charter = request.charter();
        ValidationOptions options = request.options();
        Predictions.checkTask(request.model(), charter.taskType(), "model");
        if (request.champion() != null) {
            Predictions.checkTask(request.champion().model(), charter.taskType(), "champion");
        }
        for (String metric : options.championThresholds().keySet()) {
            charter.taskType().requireMetric(metric);
        }
        String target = charter.targetColumn();
        Predictions test = Predictions.of(request.model(), request.features(), request.testTable(), target,
                "test table");
        Predictions train = Predictions.of(request.model(), request.features(), request.trainTable(), target,
                "training table");

        List<String> classes = request.model().classes();
        String positive = test.binary ? classes.get(1) : null;
        ValidationReport.Subject subject = new ValidationReport.Subject(charter.taskType().wireName(), target,
                request.model().algorithm(), classes, positive, charter.successMetric().toString(), train.rows(),
                test.rows(), options.seed(), options.bootstrapResamples(), options.bootstrapLevel());

        HoldoutReport holdout = holdout(test, options);
        OverfittingReport overfitting = overfitting(charter, train, test, request.crossValidationScore());
        FairnessReport fairness = FairnessAnalysis.analyse(charter, test, request.testTable(), options);
        SliceReport slices = SliceAnalysis.analyse(charter.successMetric(), test, request.testTable(), target,
                options);
        ChampionReport champion = champion(request, test);
        List<GateResult> gates = Gates.evaluate(charter, holdout, train, overfitting, fairness, champion);

        List<String> blockingFailures = gates.stream().filter(GateResult::blocksPromotion).map(GateResult::name)
                .toList();
        List<String> backTo = gates.stream().filter(g -> g.status() == GateStatus.FAILED)
                .flatMap(g -> g.backTo().stream()).distinct().toList();
        return new ValidationReport(subject, holdout, overfitting, fairness, slices, champion, gates,
                blockingFailures.isEmpty(), blockingFailures, backTo, null);
    }

    private static HoldoutReport holdout(Predictions test, ValidationOptions options) {
        List<String> names = test.classification ? CLASSIFICATION_METRICS : REGRESSION_METRICS;
        List<NamedMetric> metrics = new ArrayList<>();
        for (String name : names) {
            RowMetric metric = test.metric(name);
            MetricValue value = metric.compute(RowMetric.allRows(test.rows()));
            metrics.add(new NamedMetric(name, value, value.isApplicable()
                    ? Bootstrap.interval(metric, test.rows(), options.seed(), options.bootstrapResamples(),
                    options.bootstrapLevel())
                    : null));
        }
        if (!test.classification) {
            Map<Double, Double> q = RegressionMetrics.residualQuantiles(test.valueTrue, test.valuePred);
            List<Quantile> quantiles = q.entrySet().stream().map(e -> new Quantile(e.getKey(), e.getValue()))
                    .toList();
            return new HoldoutReport(test.rows(), metrics, null, new RegressionDetail(quantiles));
        }
        ClassReport report = ClassificationMetrics.report(test.yTrue, test.yPred);
        List<ClassFigures> perClass = report.classes().stream().map(c -> figures(test.classes.get(c.label()), c))
                .toList();
        ConfusionMatrix cm = ClassificationMetrics.confusionMatrix(test.yTrue, test.yPred);
        List<String> labels = Arrays.stream(cm.labels()).mapToObj(test.classes::get).toList();
        List<List<Long>> counts = Arrays.stream(cm.counts()).map(r -> Arrays.stream(r).boxed().toList()).toList();
        CalibrationCurve calibration = test.binary
                ? CalibrationCurve.of(test.yTrue, test.positiveScores(RowMetric.allRows(test.rows())), 10,
                CalibrationCurve.Strategy.UNIFORM)
                : null;
        ClassificationDetail detail = new ClassificationDetail(test.classes, test.binary ? test.classes.get(1) : null,
                perClass, figures("macro", report.macro()), figures("weighted", report.weighted()),
                new ConfusionTable(labels, counts), calibration);
        return new HoldoutReport(test.rows(), metrics, detail, null);
    }

    private static ClassFigures figures(String label, ClassReport.PerClass c) {
        return new ClassFigures(label, c.precision(), c.recall(), c.f1(), c.support());
    }

    private static OverfittingReport overfitting(Charter charter, Predictions train, Predictions test,
                                                 Double crossValidation) {
        SuccessCriterion success = charter.successMetric();
        boolean higher = success.direction().higherIsBetter();
        MetricValue trainValue = train.compute(success.metric(), RowMetric.allRows(train.rows()));
        MetricValue testValue = test.compute(success.metric(), RowMetric.allRows(test.rows()));
        MetricValue cv = crossValidation == null
                ? MetricValue.notApplicable("no cross-validation score was given with the training run")
                : MetricValue.of(crossValidation);
        MetricValue gap;
        if (!trainValue.isApplicable()) {
            gap = MetricValue.notApplicable("no training score: " + trainValue.reason());
        } else if (!testValue.isApplicable()) {
            gap = MetricValue.notApplicable("no test score: " + testValue.reason());
        } else {
            gap = MetricValue.of(higher ? trainValue.get() - testValue.get() : testValue.get() - trainValue.get());
        }
        return new OverfittingReport(success.metric(), higher, trainValue, cv, testValue, gap,
                charter.maxOverfittingGap());
    }

    private static ChampionReport champion(ValidationRequest request, Predictions test) {
        ValidationRequest.Champion champion = request.champion();
        if (champion == null) {
            return ChampionReport.notApplicable("no champion was given: there is no model in production to beat");
        }
        Predictions baseline = Predictions.of(champion.model(), champion.features(), request.testTable(),
                request.charter().targetColumn(), "test table");
        Map<String, MetricThreshold> thresholds = request.options().championThresholds();
        if (thresholds.isEmpty()) {
            String metric = request.charter().successMetric().metric();
            boolean higher = MetricKind.byName(metric).map(MetricKind::higherIsBetter)
                    .orElse(request.charter().successMetric().direction().higherIsBetter());
            thresholds = Map.of(metric, MetricThreshold.notWorse(higher));
        }
        List<ChampionReport.Check> checks = new ArrayList<>();
        boolean passed = true;
        for (Map.Entry<String, MetricThreshold> entry : thresholds.entrySet()) {
            String metric = entry.getKey();
            MetricValue candidate = test.compute(metric, RowMetric.allRows(test.rows()));
            MetricValue current = baseline.compute(metric, RowMetric.allRows(baseline.rows()));
            ChampionReport.Check check;
            if (!candidate.isApplicable() || !current.isApplicable()) {
                String why = !candidate.isApplicable() ? "candidate: " + candidate.reason()
                        : "champion: " + current.reason();
                check = new ChampionReport.Check(metric, candidate, current, entry.getValue(), false,
                        List.of("cannot compare " + metric + " (" + why + ")"));
            } else {
                MetricThreshold.Outcome outcome = entry.getValue().check(candidate.get(), current.get());
                check = new ChampionReport.Check(metric, candidate, current, entry.getValue(), outcome.passed(),
                        outcome.failures());
            }
            passed &= check.passed();
            checks.add(check);
        }
        return new ChampionReport(passed ? GateStatus.PASSED : GateStatus.FAILED, null, champion.label(),
                champion.model().algorithm(), checks);
    }
}
