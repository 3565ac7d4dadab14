package dev.gyre.validation.card;

import java.util.List;

/** Renders a {@link Doc} as GitHub-flavoured Markdown; charts are left out (their tables carry the figures). */
final class MarkdownDoc implements Doc {

    private final StringBuilder out = new StringBuilder();

    @Override
    public void title(String text) {
        out.append("# ").append(inline(text)).append("\n\n");
    }

    @Override
    public void heading(String text) {
        out.append("## ").append(inline(text)).append("\n\n");
    }

    @Override
    public void subheading(String text) {
        out.append("### ").append(inline(text)).append("\n\n");
    }

    @Override
    public void paragraph(String text) {
        out.append(inline(text)).append("\n\n");
    }

    @Override
    public void verdict(boolean good, String text) {
        out.append("> **").append(good ? "PASSED" : "FAILED").append("** — ").append(inline(text)).append("\n\n");
    }

    @Override
    public void bullets(List<String> items) {
        for (String item : items) {
            out.append("- ").append(inline(item)).append('\n');
        }
        out.append('\n');
    }

    @Override
    public void table(List<String> header, List<List<String>> rows) {
        out.append('|');
        header.forEach(h -> out.append(' ').append(cell(h)).append(" |"));
        out.append("\n|");
        header.forEach(h -> out.append("---|"));
        out.append('\n');
        for (List<String> row : rows) {
            out.append('|');
            row.forEach(c -> out.append(' ').append(cell(c)).append(" |"));
            out.append('\n');
        }
        out.append('\n');
    }

    @Override
    public void bars(String caption, List<String> labels, List<Double> values, List<double[]> intervals, Double reference) {
        // the figures are in the table written next to the chart
    }

    @Override
    public void reliability(String caption, double[] x, double[] y) {
        // the figures are in the table written next to the chart
    }

    @Override
    public String render() {
        return out.toString();
    }

    /** Text on one line with Markdown's active characters escaped. */
    static String inline(String text) {
        String s = text == null ? "" : text.replace('\n', ' ').replace('\r', ' ');
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if ("\\`*_[]<>#|".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    private static String cell(String text) {
        return inline(text);
    }
}
