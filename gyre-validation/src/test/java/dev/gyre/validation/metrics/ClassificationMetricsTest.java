package dev.gyre.validation.metrics;

import static dev.gyre.validation.metrics.Fixtures.TOLERANCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

    @Test
    void handWorkedBinary() {
        int[] yTrue = {1, 1, 1, 0, 0, 0, 0, 1};
        int[] yPred = {1, 0, 1, 0, 1, 0, 0, 1};
        // TP = rows 0, 2, 7 -> 3; FN = row 1 -> 1; FP = row 4 -> 1; TN = rows 3, 5, 6 -> 3
        // accuracy = 6/8 = 0.75; precision = 3/4; recall = 3/4; f1 = 2*.75*.75/1.5 = 0.75
        // balanced accuracy = (recall1 3/4 + recall0 3/4) / 2 = 0.75
        assertThat(ClassificationMetrics.accuracy(yTrue, yPred).get()).isEqualTo(0.75);
        assertThat(ClassificationMetrics.precision(yTrue, yPred).get()).isEqualTo(0.75);
        assertThat(ClassificationMetrics.recall(yTrue, yPred).get()).isEqualTo(0.75);
        assertThat(ClassificationMetrics.f1(yTrue, yPred).get()).isEqualTo(0.75);
        ConfusionMatrix cm = ClassificationMetrics.confusionMatrix(yTrue, yPred);
        assertThat(cm.counts()).isEqualTo(new long[][] {{3, 1}, {1, 3}});
        assertThat(cm.count(1, 0)).isEqualTo(1);
    }

    @Test
    void handWorkedImbalancedBalancedAccuracy() {
        // sklearn's doc example: y_true [0,1,0,0,1,0], y_pred [0,1,0,0,0,1]
        // recall0 = 3/4, recall1 = 1/2 -> balanced = 0.625; accuracy = 4/6
        int[] yTrue = {0, 1, 0, 0, 1, 0};
        int[] yPred = {0, 1, 0, 0, 0, 1};
        assertThat(ClassificationMetrics.balancedAccuracy(yTrue, yPred).get()).isEqualTo(0.625);
        assertThat(ClassificationMetrics.accuracy(yTrue, yPred).get()).isCloseTo(4.0 / 6, within(1e-15));
    }

    @Test
    void zeroDivisionIsZeroNotUndefined() {
        // nothing predicted positive: precision 0/0 -> 0, recall 0/2 = 0, f1 -> 0
        int[] yTrue = {1, 1, 0};
        int[] yPred = {0, 0, 0};
        assertThat(ClassificationMetrics.precision(yTrue, yPred).get()).isZero();
        assertThat(ClassificationMetrics.f1(yTrue, yPred).get()).isZero();
        // class 1 absent from both arrays: sklearn reports 0 as well
        assertThat(ClassificationMetrics.precision(new int[] {0, 0}, new int[] {0, 0}).get()).isZero();
    }

    @Test
    void handWorkedMulticlassAverages() {
        int[] yTrue = {0, 0, 1, 1, 2, 2};
        int[] yPred = {0, 1, 1, 1, 0, 2};
        // class 0: tp 1, predicted 2, actual 2 -> P 1/2, R 1/2, F 1/2
        // class 1: tp 2, predicted 3, actual 2 -> P 2/3, R 1, F 2*(2/3)/(5/3) = 0.8
        // class 2: tp 1, predicted 1, actual 2 -> P 1, R 1/2, F 2/3
        // macro P = (1/2 + 2/3 + 1)/3 = 13/18; macro F = (0.5 + 0.8 + 2/3)/3
        // supports are equal, so weighted = macro
        ClassReport report = ClassificationMetrics.report(yTrue, yPred);
        assertThat(report.classes()).extracting(ClassReport.PerClass::label).containsExactly(0, 1, 2);
        assertThat(report.forLabel(1).orElseThrow().f1()).isCloseTo(0.8, within(1e-15));
        assertThat(report.macro().precision()).isCloseTo(13.0 / 18, within(1e-15));
        assertThat(report.macro().f1()).isCloseTo((0.5 + 0.8 + 2.0 / 3) / 3, within(1e-15));
        assertThat(report.weighted().f1()).isCloseTo(report.macro().f1(), within(1e-15));
        assertThat(report.macro().recall()).isCloseTo((0.5 + 1 + 0.5) / 3, within(1e-15));
    }

    @Test
    void binaryMatchesScikitLearn() {
        JsonNode f = Fixtures.load("binary.json");
        int[] y = Fixtures.ints(f.get("y_true"));
        int[] p = Fixtures.ints(f.get("y_pred"));
        assertThat(ClassificationMetrics.accuracy(y, p).get()).isCloseTo(f.get("accuracy").asDouble(), within(TOLERANCE));
        assertThat(ClassificationMetrics.balancedAccuracy(y, p).get())
                .isCloseTo(f.get("balanced_accuracy").asDouble(), within(TOLERANCE));
        assertThat(ClassificationMetrics.precision(y, p).get()).isCloseTo(f.get("precision").asDouble(), within(TOLERANCE));
        assertThat(ClassificationMetrics.recall(y, p).get()).isCloseTo(f.get("recall").asDouble(), within(TOLERANCE));
        assertThat(ClassificationMetrics.f1(y, p).get()).isCloseTo(f.get("f1").asDouble(), within(TOLERANCE));
        assertThat(ClassificationMetrics.confusionMatrix(y, p).counts())
                .isEqualTo(Fixtures.longMatrix(f.get("confusion_matrix")));
    }

    @Test
    void multiclassMatchesScikitLearn() {
        JsonNode f = Fixtures.load("multiclass.json");
        checkReport(f, Fixtures.ints(f.get("y_true")), Fixtures.ints(f.get("y_pred")), f.get("per_class"));
        int[] y = Fixtures.ints(f.get("y_true"));
        int[] p = Fixtures.ints(f.get("y_pred"));
        assertThat(ClassificationMetrics.confusionMatrix(y, p).counts())
                .isEqualTo(Fixtures.longMatrix(f.get("confusion_matrix")));
    }

    @Test
    void classesOnlyPredictedOrNeverPredictedMatchScikitLearn() {
        JsonNode f = Fixtures.load("multiclass.json").get("sparse");
        int[] y = Fixtures.ints(f.get("y_true"));
        int[] p = Fixtures.ints(f.get("y_pred"));
        checkReport(f, y, p, f);
        assertThat(ClassificationMetrics.confusionMatrix(y, p).labels()).isEqualTo(Fixtures.ints(f.get("labels")));
    }

    private static void checkReport(JsonNode f, int[] y, int[] p, JsonNode perClass) {
        ClassReport report = ClassificationMetrics.report(y, p);
        double[] precision = Fixtures.doubles(perClass.get("precision"));
        assertThat(report.classes()).hasSize(precision.length);
        for (int i = 0; i < precision.length; i++) {
            ClassReport.PerClass c = report.classes().get(i);
            assertThat(c.precision()).isCloseTo(precision[i], within(TOLERANCE));
            assertThat(c.recall()).isCloseTo(perClass.get("recall").get(i).asDouble(), within(TOLERANCE));
            assertThat(c.f1()).isCloseTo(perClass.get("f1").get(i).asDouble(), within(TOLERANCE));
            assertThat(c.support()).isEqualTo(perClass.get("support").get(i).asLong());
        }
        for (String avg : new String[] {"macro", "weighted"}) {
            ClassReport.PerClass a = avg.equals("macro") ? report.macro() : report.weighted();
            assertThat(a.precision()).as(avg).isCloseTo(f.get(avg).get("precision").asDouble(), within(TOLERANCE));
            assertThat(a.recall()).as(avg).isCloseTo(f.get(avg).get("recall").asDouble(), within(TOLERANCE));
            assertThat(a.f1()).as(avg).isCloseTo(f.get(avg).get("f1").asDouble(), within(TOLERANCE));
        }
        assertThat(ClassificationMetrics.accuracy(y, p).get()).isCloseTo(f.get("accuracy").asDouble(), within(TOLERANCE));
        assertThat(ClassificationMetrics.balancedAccuracy(y, p).get())
                .isCloseTo(f.get("balanced_accuracy").asDouble(), within(TOLERANCE));
    }
}
