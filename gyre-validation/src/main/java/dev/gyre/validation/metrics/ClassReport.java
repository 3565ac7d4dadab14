package dev.gyre.validation.metrics;

import java.util.List;
import java.util.Optional;

/**
 * Precision, recall and F1 per class with their macro and weighted averages, as scikit-learn's
 * {@code precision_recall_fscore_support} with {@code zero_division=0}: a precision whose denominator
 * (predicted count) is 0, a recall whose denominator (true count) is 0, or an F1 whose precision and recall are
 * both 0 is reported as 0, not as undefined. The classes are those that appear in y_true or y_pred, ascending.
 * Macro averages weight every class equally; weighted averages weight each class by its support (true count).
 *
 * @param classes  one entry per class, ascending by label; never {@code null}
 * @param macro    unweighted mean over the classes (support is the total row count)
 * @param weighted support-weighted mean over the classes (support is the total row count)
 */
public record ClassReport(List<PerClass> classes, PerClass macro, PerClass weighted) {

    /**
     * The figures of one class, or of an average (label {@code -1}).
     *
     * @param label     the class index, {@code -1} for averages
     * @param precision true positives / predicted positives, 0 when nothing was predicted as this class
     * @param recall    true positives / actual positives, 0 when the class has no rows in y_true
     * @param f1        harmonic mean of precision and recall, 0 when both are 0
     * @param support   rows of this class in y_true
     */
    public record PerClass(int label, double precision, double recall, double f1, long support) {
    }

    public ClassReport {
        classes = List.copyOf(classes);
    }

    /** The figures of one class, empty when the class appears in neither array. */
    public Optional<PerClass> forLabel(int label) {
        return classes.stream().filter(c -> c.label() == label).findFirst();
    }

    static ClassReport of(ConfusionMatrix cm) {
        int[] labels = cm.labels();
        PerClass[] per = new PerClass[labels.length];
        long total = cm.total();
        double mp = 0;
        double mr = 0;
        double mf = 0;
        double wp = 0;
        double wr = 0;
        double wf = 0;
        for (int i = 0; i < labels.length; i++) {
            long tp = cm.truePositives(i);
            long predicted = cm.predictedCount(i);
            long actual = cm.trueCount(i);
            double precision = predicted == 0 ? 0 : (double) tp / predicted;
            double recall = actual == 0 ? 0 : (double) tp / actual;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            per[i] = new PerClass(labels[i], precision, recall, f1, actual);
            mp += precision;
            mr += recall;
            mf += f1;
            wp += precision * actual;
            wr += recall * actual;
            wf += f1 * actual;
        }
        int k = labels.length;
        return new ClassReport(List.of(per), new PerClass(-1, mp / k, mr / k, mf / k, total),
                new PerClass(-1, wp / total, wr / total, wf / total, total));
    }
}
