package dev.gyre.monitoring.performance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.core.GyreException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Gyre's quality metrics against scikit-learn (src/test/fixtures/make_quality_fixtures.py → fixtures/quality.json):
 * each value within 1e-12, absolute or relative, whichever is larger.
 */
class SklearnQualityFixturesTest {

    private static final double TOL = 1e-12;
    private static JsonNode fixtures;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = SklearnQualityFixturesTest.class.getResourceAsStream("/fixtures/quality.json")) {
            assertThat(in).as("fixtures/quality.json on the test class path").isNotNull();
            fixtures = new ObjectMapper().readTree(in);
        }
    }

    @Test
    void binaryMetricsMatchScikitLearn() {
        int cases = 0;
        for (JsonNode c : fixtures.get("binary")) {
            String[] truth = strings(c.get("truth"));
            String[] predicted = strings(c.get("predicted"));
            double[] score = doubles(c.get("score"));
            String positive = c.get("positive").asText();
            String name = c.get("name").asText();
            close(name + " accuracy", QualityMetrics.accuracy(truth, predicted), c.get("accuracy").asDouble());
            close(name + " f1", QualityMetrics.f1(truth, predicted, positive), c.get("f1").asDouble());
            close(name + " roc_auc", QualityMetrics.rocAuc(truth, score, positive), c.get("roc_auc").asDouble());
            close(name + " log_loss", QualityMetrics.logLoss(truth, score, positive), c.get("log_loss").asDouble());
            QualitySummary s = QualitySummary.binary(truth, predicted, score, positive);
            assertThat(s.metrics()).containsOnlyKeys("accuracy", "f1", "roc_auc", "log_loss");
            close(name + " summary roc_auc", s.metric("roc_auc"), c.get("roc_auc").asDouble());
            cases++;
        }
        assertThat(cases).isEqualTo(6);
    }

    @Test
    void multiclassMetricsMatchScikitLearn() {
        int cases = 0;
        for (JsonNode c : fixtures.get("multiclass")) {
            String[] truth = strings(c.get("truth"));
            String[] predicted = strings(c.get("predicted"));
            String[] classes = strings(c.get("classes"));
            double[][] proba = new double[truth.length][];
            for (int i = 0; i < truth.length; i++) {
                proba[i] = doubles(c.get("probabilities").get(i));
            }
            String name = c.get("name").asText();
            close(name + " accuracy", QualityMetrics.accuracy(truth, predicted), c.get("accuracy").asDouble());
            close(name + " macro f1", QualityMetrics.macroF1(truth, predicted), c.get("f1").asDouble());
            close(name + " log_loss", QualityMetrics.logLoss(truth, proba, classes), c.get("log_loss").asDouble());
            QualitySummary s = QualitySummary.multiclass(truth, predicted, proba, classes);
            assertThat(s.task()).isEqualTo("classification");
            close(name + " summary f1", s.metric("f1"), c.get("f1").asDouble());
            cases++;
        }
        assertThat(cases).isEqualTo(3);
    }

    @Test
    void regressionMetricsMatchScikitLearn() {
        int cases = 0;
        for (JsonNode c : fixtures.get("regression")) {
            double[] truth = doubles(c.get("truth"));
            double[] predicted = doubles(c.get("predicted"));
            String name = c.get("name").asText();
            close(name + " rmse", QualityMetrics.rmse(truth, predicted), c.get("rmse").asDouble());
            close(name + " mae", QualityMetrics.mae(truth, predicted), c.get("mae").asDouble());
            QualitySummary s = QualitySummary.regression(truth, predicted);
            if (c.get("r2").isNull()) {
                // scikit-learn answers NaN for one outcome; Gyre refuses and the summary leaves R² out
                assertThatThrownBy(() -> QualityMetrics.r2(truth, predicted))
                        .isInstanceOf(GyreException.InvalidArgument.class).hasMessageContaining("at least two outcomes");
                assertThat(s.metrics()).doesNotContainKey("r2");
                assertThat(s.note()).contains("r2");
            } else {
                close(name + " r2", QualityMetrics.r2(truth, predicted), c.get("r2").asDouble());
                close(name + " summary r2", s.metric("r2"), c.get("r2").asDouble());
            }
            cases++;
        }
        assertThat(cases).isEqualTo(6);
    }

    private static void close(String what, double actual, double expected) {
        double tolerance = Math.max(TOL, TOL * Math.abs(expected));
        assertThat(Math.abs(actual - expected)).as(what + ": " + actual + " against scikit-learn's " + expected)
                .isLessThanOrEqualTo(tolerance);
    }

    private static String[] strings(JsonNode a) {
        String[] out = new String[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asText();
        }
        return out;
    }

    private static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asDouble();
        }
        return out;
    }
}
