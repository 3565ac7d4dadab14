package dev.gyre.validation.card;

import java.util.List;
import java.util.Objects;

/**
 * Why the model predicted what it did for one test row, as a model card shows it to a domain expert.
 *
 * @param row        which row and why it was picked, e.g. "most confident survivor (test row 17)"
 * @param prediction the prediction in words, e.g. "class 1 with probability 0.97"
 * @param method     how the contributions were computed ({@code exact_linear}, {@code tree_shap},
 *                   {@code sampling_shapley})
 * @param output     what the contributions add up to, e.g. "probability of class 1" or "log-odds of class 1"
 * @param baseValue  the output at the reference (average) input
 * @param top        the largest contributions by magnitude, largest first
 */
public record ExampleExplanation(String row, String prediction, String method, String output, double baseValue,
                                 List<Contribution> top) {

    public ExampleExplanation {
        Objects.requireNonNull(row, "row");
        Objects.requireNonNull(prediction, "prediction");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(output, "output");
        top = List.copyOf(top);
    }

    /**
     * One feature's share.
     *
     * @param feature the model input, e.g. {@code Sex=female}
     * @param value   its value in the row
     * @param effect  how much it moved the output from the base value
     */
    public record Contribution(String feature, double value, double effect) {
    }
}
