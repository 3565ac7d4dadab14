package dev.gyre.validation.card;

import java.util.List;

/**
 * The few shapes a model card is made of, written once by {@link ModelCard} and rendered by a Markdown and an
 * HTML writer. Every text passed in is plain text; the writers escape it for their format.
 */
interface Doc {

    void title(String text);

    void heading(String text);

    void subheading(String text);

    void paragraph(String text);

    /** A paragraph that stands out: a verdict. */
    void verdict(boolean good, String text);

    void bullets(List<String> items);

    /** A table: a header row and rows of cells, all plain text. */
    void table(List<String> header, List<List<String>> rows);

    /** A horizontal bar chart (HTML only; Markdown has the table next to it). */
    void bars(String caption, List<String> labels, List<Double> values, List<double[]> intervals, Double reference);

    /** A line chart of points with the diagonal as reference (HTML only). */
    void reliability(String caption, double[] x, double[] y);

    String render();
}
