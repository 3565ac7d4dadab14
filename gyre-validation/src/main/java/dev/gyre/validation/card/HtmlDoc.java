package dev.gyre.validation.card;

import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link Doc} as one self-contained HTML page: inline styles, charts as inline SVG, no scripts and
 * nothing fetched, so the card can be opened from disk, mailed or archived.
 */
final class HtmlDoc implements Doc {

    private static final String STYLE = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:60em;"
            + "margin:2em auto;padding:0 1em;color:#1d2733;line-height:1.45}h1{border-bottom:2px solid #2b6cb0}"
            + "h2{margin-top:1.8em;border-bottom:1px solid #cbd5e0}table{border-collapse:collapse;margin:.6em 0 1.2em}"
            + "th,td{border:1px solid #cbd5e0;padding:.25em .6em;text-align:left;vertical-align:top}"
            + "th{background:#edf2f7}.verdict{padding:.6em 1em;border-radius:4px;font-weight:600}"
            + ".good{background:#e6ffed;border:1px solid #2f855a}.bad{background:#fff5f5;border:1px solid #c53030}"
            + "figure{margin:.5em 0 1.5em}figcaption{font-size:.9em;color:#4a5568}";

    private final StringBuilder body = new StringBuilder();
    private String title = "Model card";

    @Override
    public void title(String text) {
        title = text;
        body.append("<h1>").append(esc(text)).append("</h1>\n");
    }

    @Override
    public void heading(String text) {
        body.append("<h2>").append(esc(text)).append("</h2>\n");
    }

    @Override
    public void subheading(String text) {
        body.append("<h3>").append(esc(text)).append("</h3>\n");
    }

    @Override
    public void paragraph(String text) {
        body.append("<p>").append(esc(text)).append("</p>\n");
    }

    @Override
    public void verdict(boolean good, String text) {
        body.append("<p class=\"verdict ").append(good ? "good" : "bad").append("\">")
                .append(good ? "PASSED" : "FAILED").append(" — ").append(esc(text)).append("</p>\n");
    }

    @Override
    public void bullets(List<String> items) {
        body.append("<ul>\n");
        items.forEach(i -> body.append("<li>").append(esc(i)).append("</li>\n"));
        body.append("</ul>\n");
    }

    @Override
    public void table(List<String> header, List<List<String>> rows) {
        body.append("<table>\n<tr>");
        header.forEach(h -> body.append("<th>").append(esc(h)).append("</th>"));
        body.append("</tr>\n");
        for (List<String> row : rows) {
            body.append("<tr>");
            row.forEach(c -> body.append("<td>").append(esc(c)).append("</td>"));
            body.append("</tr>\n");
        }
        body.append("</table>\n");
    }

    @Override
    public void bars(String caption, List<String> labels, List<Double> values, List<double[]> intervals, Double reference) {
        if (labels.isEmpty()) {
            return;
        }
        int labelWidth = 160;
        int plotWidth = 380;
        int row = 22;
        int height = row * labels.size() + 30;
        double max = 0;
        double min = 0;
        for (int i = 0; i < values.size(); i++) {
            max = Math.max(max, values.get(i));
            min = Math.min(min, values.get(i));
            if (intervals != null && intervals.get(i) != null) {
                max = Math.max(max, intervals.get(i)[1]);
                min = Math.min(min, intervals.get(i)[0]);
            }
        }
        if (reference != null) {
            max = Math.max(max, reference);
            min = Math.min(min, reference);
        }
        if (max == min) {
            max = min + 1;
        }
        double lo = min;
        double span = max - min;
        java.util.function.DoubleUnaryOperator x = v -> labelWidth + (v - lo) / span * plotWidth;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(labelWidth + plotWidth + 70)
                .append("\" height=\"").append(height).append("\" role=\"img\" aria-label=\"").append(esc(caption))
                .append("\" font-size=\"12\">");
        double zero = x.applyAsDouble(0);
        for (int i = 0; i < labels.size(); i++) {
            double v = values.get(i);
            int y = 10 + i * row;
            double a = x.applyAsDouble(Math.min(0, v));
            double b = x.applyAsDouble(Math.max(0, v));
            svg.append("<text x=\"").append(labelWidth - 6).append("\" y=\"").append(y + 13)
                    .append("\" text-anchor=\"end\">").append(esc(abbreviate(labels.get(i)))).append("</text>");
            svg.append("<rect x=\"").append(fmt(a)).append("\" y=\"").append(y + 2).append("\" width=\"")
                    .append(fmt(Math.max(1, b - a))).append("\" height=\"").append(row - 8)
                    .append("\" fill=\"#4c8bd6\"/>");
            if (intervals != null && intervals.get(i) != null) {
                double[] ci = intervals.get(i);
                int cy = y + row / 2 - 1;
                svg.append("<line x1=\"").append(fmt(x.applyAsDouble(ci[0]))).append("\" x2=\"")
                        .append(fmt(x.applyAsDouble(ci[1]))).append("\" y1=\"").append(cy).append("\" y2=\"").append(cy)
                        .append("\" stroke=\"#1a365d\" stroke-width=\"1.5\"/>");
            }
            double end = Math.max(a, b);
            if (intervals != null && intervals.get(i) != null) {
                end = Math.max(end, x.applyAsDouble(intervals.get(i)[1]));
            }
            svg.append("<text x=\"").append(fmt(end + 4)).append("\" y=\"").append(y + 13).append("\">")
                    .append(esc(ModelCard.num(v))).append("</text>");
        }
        svg.append("<line x1=\"").append(fmt(zero)).append("\" x2=\"").append(fmt(zero))
                .append("\" y1=\"6\" y2=\"").append(height - 18).append("\" stroke=\"#718096\"/>");
        if (reference != null) {
            double r = x.applyAsDouble(reference);
            svg.append("<line x1=\"").append(fmt(r)).append("\" x2=\"").append(fmt(r)).append("\" y1=\"6\" y2=\"")
                    .append(height - 18).append("\" stroke=\"#c53030\" stroke-dasharray=\"4 3\"/>")
                    .append("<text x=\"").append(fmt(r)).append("\" y=\"").append(height - 4)
                    .append("\" text-anchor=\"middle\" fill=\"#c53030\">").append(esc(ModelCard.num(reference)))
                    .append("</text>");
        }
        svg.append("</svg>");
        figure(svg.toString(), caption);
    }

    @Override
    public void reliability(String caption, double[] xs, double[] ys) {
        int size = 260;
        int pad = 36;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(size + 2 * pad).append("\" height=\"")
                .append(size + 2 * pad).append("\" role=\"img\" aria-label=\"").append(esc(caption))
                .append("\" font-size=\"11\">");
        svg.append("<rect x=\"").append(pad).append("\" y=\"").append(pad).append("\" width=\"").append(size)
                .append("\" height=\"").append(size).append("\" fill=\"none\" stroke=\"#a0aec0\"/>");
        svg.append("<line x1=\"").append(pad).append("\" y1=\"").append(pad + size).append("\" x2=\"").append(pad + size)
                .append("\" y2=\"").append(pad).append("\" stroke=\"#a0aec0\" stroke-dasharray=\"4 3\"/>");
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < xs.length; i++) {
            double px = pad + xs[i] * size;
            double py = pad + (1 - ys[i]) * size;
            points.append(fmt(px)).append(',').append(fmt(py)).append(' ');
            svg.append("<circle cx=\"").append(fmt(px)).append("\" cy=\"").append(fmt(py))
                    .append("\" r=\"3\" fill=\"#2b6cb0\"/>");
        }
        svg.append("<polyline points=\"").append(points.toString().strip())
                .append("\" fill=\"none\" stroke=\"#2b6cb0\" stroke-width=\"1.5\"/>");
        for (String tick : new String[] {"0", "0.5", "1"}) {
            double t = Double.parseDouble(tick);
            svg.append("<text x=\"").append(fmt(pad + t * size)).append("\" y=\"").append(pad + size + 14)
                    .append("\" text-anchor=\"middle\">").append(tick).append("</text>");
            svg.append("<text x=\"").append(pad - 4).append("\" y=\"").append(fmt(pad + (1 - t) * size + 4))
                    .append("\" text-anchor=\"end\">").append(tick).append("</text>");
        }
        svg.append("<text x=\"").append(pad + size / 2).append("\" y=\"").append(size + 2 * pad - 6)
                .append("\" text-anchor=\"middle\">mean predicted probability</text>");
        svg.append("<text x=\"12\" y=\"").append(pad + size / 2).append("\" text-anchor=\"middle\" transform=\"rotate(-90 12 ")
                .append(pad + size / 2).append(")\">fraction of positives</text>");
        svg.append("</svg>");
        figure(svg.toString(), caption);
    }

    private void figure(String svg, String caption) {
        body.append("<figure>").append(svg).append("<figcaption>").append(esc(caption)).append("</figcaption></figure>\n");
    }

    @Override
    public String render() {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + esc(title)
                + "</title>\n<style>" + STYLE + "</style>\n</head>\n<body>\n" + body + "</body>\n</html>\n";
    }

    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 24 ? s : s.substring(0, 23) + "…";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
