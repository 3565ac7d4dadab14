package dev.gyre.serving.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The predictions for one request, in record order, shared by every encoder. Either every prediction is a
 * {@link Classified} label (with probabilities over {@link #classes()}, or without when {@code classes} is empty),
 * or every prediction is a numeric {@link Value}.
 *
 * <p>Non-finite numbers (a model's NaN) are allowed here; encoders write them as JSON {@code null}.
 *
 * @param classes     the class labels in probability order; empty for regression or label-only classifiers
 * @param predictions one prediction per record, at least one
 */
public record InferenceResponse(List<String> classes, List<Prediction> predictions) {

    /** One record's prediction. */
    public sealed interface Prediction permits Classified, Value {
    }

    /**
     * A class label with one probability per {@link InferenceResponse#classes()} entry (empty when the response
     * has no classes).
     */
    public record Classified(String label, List<Double> probabilities) implements Prediction {
        /** Requires a label and copies the probabilities. */
        public Classified {
            Objects.requireNonNull(label, "label");
            probabilities = List.copyOf(probabilities);
        }
    }

    /** A numeric output (regression). */
    public record Value(double value) implements Prediction {
    }

    /**
     * Checks the predictions are all of one kind and that each probability list matches the classes.
     *
     * @throws IllegalArgumentException when they do not
     */
    public InferenceResponse {
        classes = List.copyOf(classes);
        predictions = List.copyOf(predictions);
        if (predictions.isEmpty()) {
            throw new IllegalArgumentException("a response needs at least one prediction");
        }
        if (classes.stream().distinct().count() != classes.size()) {
            throw new IllegalArgumentException("class labels must be distinct: " + classes);
        }
        boolean classified = predictions.get(0) instanceof Classified;
        for (Prediction p : predictions) {
            if (p instanceof Classified c) {
                if (!classified) {
                    throw new IllegalArgumentException("predictions mix class labels and values");
                }
                if (c.probabilities().size() != classes.size()) {
                    throw new IllegalArgumentException("a prediction has " + c.probabilities().size()
                            + " probabilities for " + classes.size() + " classes");
                }
            } else if (classified) {
                throw new IllegalArgumentException("predictions mix class labels and values");
            }
        }
        if (!classified && !classes.isEmpty()) {
            throw new IllegalArgumentException("a regression response has no classes");
        }
    }

    /**
     * A classification response.
     *
     * @param classes       class labels in probability order (empty for labels only)
     * @param labels        the predicted label per record
     * @param probabilities per record, one probability per class (ignored when {@code classes} is empty)
     */
    public static InferenceResponse classification(List<String> classes, List<String> labels,
            List<double[]> probabilities) {
        List<Prediction> out = new ArrayList<>(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            List<Double> probs = new ArrayList<>();
            if (!classes.isEmpty()) {
                for (double p : probabilities.get(i)) {
                    probs.add(p);
                }
            }
            out.add(new Classified(labels.get(i), probs));
        }
        return new InferenceResponse(classes, out);
    }

    /** A regression response with one value per record. */
    public static InferenceResponse regression(double... values) {
        List<Prediction> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(new Value(v));
        }
        return new InferenceResponse(List.of(), out);
    }

    /** True when the predictions are class labels. */
    public boolean isClassification() {
        return predictions.get(0) instanceof Classified;
    }

    /** The number of predictions. */
    public int size() {
        return predictions.size();
    }
}
