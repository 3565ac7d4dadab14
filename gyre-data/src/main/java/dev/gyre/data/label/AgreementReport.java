package dev.gyre.data.label;

import java.util.List;

/**
 * How well a task's annotators agree, computed by {@link Agreement}. A measure that is undefined (no item with
 * two labels, or every label the same) is {@code null}.
 *
 * @param items            items with at least two labels (the others do not count)
 * @param annotators       the user names of everyone who labelled an item, sorted
 * @param percentAgreement the mean share of agreeing pairs of labels per item
 * @param cohensKappa      Cohen's kappa when exactly two annotators labelled, else {@code null}
 * @param fleissKappa      Fleiss' kappa over all annotators
 */
public record AgreementReport(int items, List<String> annotators, Double percentAgreement, Double cohensKappa,
                              Double fleissKappa) {
    public AgreementReport {
        annotators = List.copyOf(annotators);
    }
}
