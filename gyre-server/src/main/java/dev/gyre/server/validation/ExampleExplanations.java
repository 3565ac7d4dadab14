package dev.gyre.server.validation;

import dev.gyre.core.table.Table;
import dev.gyre.features.FittedFeatures;
import dev.gyre.training.Contributions;
import dev.gyre.training.LearningTask;
import dev.gyre.training.TrainedModel;
import dev.gyre.validation.card.ExampleExplanation;
import dev.gyre.validation.explain.Explainer;
import dev.gyre.validation.explain.SamplingShapley;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Picks a few telling test rows and explains their predictions for the model card: for a binary classifier the
 * most confident prediction of each class and the least certain one, for a multi-class one the most and least
 * confident, for a regressor the lowest, median and highest prediction. Exact contributions where the model has
 * them, else sampled Shapley values against up to 100 training rows.
 */
final class ExampleExplanations {

    static final int TOP = 6;
    static final int BACKGROUND = 100;

    private ExampleExplanations() {
    }

    static List<ExampleExplanation> of(TrainedModel model, FittedFeatures features, Table train, Table test, long seed) {
        if (model.task() == LearningTask.CLUSTERING || test.rowCount() == 0) {
            return List.of();
        }
        double[][] x = features.toMatrix(test);
        double[][] trainRows = features.toMatrix(train);
        int n = Math.min(BACKGROUND, trainRows.length);
        double[][] background = new double[n][];
        for (int i = 0; i < n; i++) {
            background[i] = trainRows[(int) ((long) i * trainRows.length / n)];
        }
        Explainer explainer = Explainer.withBackground(background, SamplingShapley.DEFAULT_PAIRS, seed);
        double[][] predictions = model.predictBatch(x);
        List<ExampleExplanation> out = new ArrayList<>();
        for (Map.Entry<String, Integer> pick : picks(model, predictions).entrySet()) {
            int row = pick.getValue();
            Contributions c = explainer.explainPrediction(model, x[row]);
            double[] values = c.values();
            List<ExampleExplanation.Contribution> top = IntStream.range(0, values.length).boxed()
                    .sorted(Comparator.comparingDouble(j -> -Math.abs(values[j])))
                    .limit(TOP)
                    .map(j -> new ExampleExplanation.Contribution(c.featureNames().get(j), x[row][j], values[j]))
                    .toList();
            out.add(new ExampleExplanation(pick.getKey() + " (test row " + (row + 1) + ")",
                    prediction(model, predictions[row]), c.method(), output(c, model), c.baseValue(), top));
        }
        return out;
    }

    private static Map<String, Integer> picks(TrainedModel model, double[][] p) {
        Map<String, Integer> picks = new LinkedHashMap<>();
        int rows = p.length;
        if (model.task() == LearningTask.REGRESSION) {
            Integer[] order = IntStream.range(0, rows).boxed().sorted(Comparator.comparingDouble(i -> p[i][0]))
                    .toArray(Integer[]::new);
            picks.put("Lowest prediction", order[0]);
            picks.put("Median prediction", order[rows / 2]);
            picks.put("Highest prediction", order[rows - 1]);
            return picks;
        }
        List<String> classes = model.classes();
        if (classes.size() == 2) {
            int positive = 1;
            picks.put("Most confident prediction of class " + classes.get(1), argBest(rows, i -> p[i][positive]));
            picks.put("Most confident prediction of class " + classes.get(0), argBest(rows, i -> -p[i][positive]));
            picks.putIfAbsent("Least certain prediction", argBest(rows, i -> -Math.abs(p[i][positive] - 0.5)));
            return picks;
        }
        picks.put("Most confident prediction", argBest(rows, i -> max(p[i])));
        picks.putIfAbsent("Least confident prediction", argBest(rows, i -> -max(p[i])));
        return picks;
    }

    private static int argBest(int rows, java.util.function.IntToDoubleFunction score) {
        int best = 0;
        for (int i = 1; i < rows; i++) {
            if (score.applyAsDouble(i) > score.applyAsDouble(best)) {
                best = i;
            }
        }
        return best;
    }

    private static double max(double[] v) {
        double m = v[0];
        for (double d : v) {
            m = Math.max(m, d);
        }
        return m;
    }

    private static String prediction(TrainedModel model, double[] p) {
        if (model.task() == LearningTask.REGRESSION) {
            return "predicted " + fmt(p[0]);
        }
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return "predicted class " + model.classes().get(best) + " with probability " + fmt(p[best]);
    }

    private static String output(Contributions c, TrainedModel model) {
        return switch (c.scale()) {
            case VALUE -> "predicted value";
            case PROBABILITY -> "probability of class " + c.output();
            case MARGIN -> (model.classes().size() == 2 ? "log-odds" : "score") + " of class " + c.output();
        };
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
