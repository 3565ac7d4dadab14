package dev.gyre.monitoring.report;

import dev.gyre.core.GyreException;
import dev.gyre.monitoring.drift.DatasetDrift;
import dev.gyre.monitoring.drift.DriftResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link DriftReport} as one self-contained HTML page: inline CSS and inline SVG, no scripts, no external
 * style sheets, fonts or images, so it can be attached to a mail or stored as an artifact and opened offline. The
 * page holds a header (deployment, version, window, rows, the dataset verdict with its share and threshold), a table
 * of the column tests, the optional outlier-rate and quality sections, and one bar chart per column comparing the
 * reference and current distributions (drifted columns are marked). Every text taken from the report is
 * HTML-escaped; the same report always gives the same page.
 */
public final class DriftReportHtml {

    static final String REFERENCE_COLOUR = "#7f8fa6";
    static final String CURRENT_COLOUR = "#e67e22";

    private static final int WIDTH = 720;
    private static final int HEIGHT = 290;
    private static final int LEFT = 60;
    private static final int RIGHT = 16;
    private static final int TOP = 30;
    private static final int BOTTOM = 78;
    private static final int LABEL_CHARS = 18;

    private DriftReportHtml() {
    }

    /** The page as a string (UTF-8 declared in the page). */
    public static String render(DriftReport report) {
        if (report == null) {
            throw new GyreException.InvalidArgument("no report to render; build one with DriftReport.of");
        }
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Drift report");
        if (report.deployment() != null) {
            h.append(" – ").append(escape(report.deployment()));
        }
        h.append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        header(h, report);
        testsTable(h, report);
        extras(h, report);
        h.append("<h2>Distributions</h2>\n");
        for (ColumnSummary c : report.columns().values()) {
            column(h, c);
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:24px;color:#222;max-width:1000px}
            h1{font-size:1.5em;margin-bottom:4px}h2{font-size:1.2em;margin-top:28px}
            dl.meta{display:grid;grid-template-columns:max-content auto;gap:2px 16px;margin:8px 0}
            dl.meta dt{font-weight:600}dl.meta dd{margin:0}
            .verdict{display:inline-block;padding:6px 10px;border-radius:4px;font-weight:600;margin:8px 0}
            .verdict.drift{background:#fdecea;color:#a93226}.verdict.ok{background:#eafaf1;color:#1e8449}
            .verdict.unknown{background:#f2f3f4;color:#555}
            table{border-collapse:collapse;width:100%;font-size:0.9em}
            th,td{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
            td.num{text-align:right;font-variant-numeric:tabular-nums}
            tr.drifted td{background:#fdecea}
            .badge{display:inline-block;padding:1px 6px;border-radius:3px;font-size:0.8em;font-weight:600}
            .badge.drift{background:#c0392b;color:#fff}.badge.ok{background:#27ae60;color:#fff}.badge.na{background:#95a5a6;color:#fff}
            section.column{border:1px solid #ddd;border-left:4px solid #bbb;padding:8px 12px;margin:14px 0}
            section.column.drifted{border-left-color:#c0392b;background:#fffafa}
            section.column h3{margin:0 0 4px 0;font-size:1.05em}
            p.note{color:#555;font-size:0.9em;margin:4px 0}
            svg text{font-family:inherit;font-size:11px;fill:#333}
            """;

    private static void header(StringBuilder h, DriftReport r) {
        h.append("<h1>Drift report</h1>\n<dl class=\"meta\">\n");
        meta(h, "Deployment", r.deployment() == null ? "—" : r.deployment());
        meta(h, "Model version", r.modelVersion() == null ? "—" : r.modelVersion());
        meta(h, "Window", r.windowStart() + " – " + r.windowEnd());
        meta(h, "Rows", "current " + r.currentRows() + ", reference " + r.referenceRows());
        h.append("</dl>\n");
        DatasetDrift d = r.drift();
        String cls;
        String text;
        if (d.share() == null) {
            cls = "unknown";
            text = "Dataset drift not decided: " + (d.note() == null ? "no column could be tested" : d.note());
        } else {
            cls = d.datasetDrift() ? "drift" : "ok";
            text = (d.datasetDrift() ? "Dataset drift detected" : "No dataset drift") + ": " + d.drifted() + " of "
                    + d.tested() + " tested columns drifted (share " + num(d.share()) + ", threshold " + num(d.threshold()) + ")";
        }
        h.append("<div class=\"verdict ").append(cls).append("\">").append(escape(text)).append("</div>\n");
    }

    private static void meta(StringBuilder h, String term, String value) {
        h.append("<dt>").append(escape(term)).append("</dt><dd>").append(escape(value)).append("</dd>\n");
    }

    private static void testsTable(StringBuilder h, DriftReport r) {
        h.append("<h2>Column tests</h2>\n<table>\n<thead><tr><th>Column</th><th>Kind</th><th>Test</th><th>Statistic</th>"
                + "<th>p-value</th><th>Threshold</th><th>Verdict</th><th>Note</th></tr></thead>\n<tbody>\n");
        for (ColumnSummary c : r.columns().values()) {
            DriftResult t = c.drift();
            h.append(c.drifted() ? "<tr class=\"drifted\">" : "<tr>");
            cell(h, c.column(), false);
            cell(h, c.kind() == null ? "—" : c.kind().name().toLowerCase(Locale.ROOT), false);
            cell(h, t == null ? "—" : t.test(), false);
            cell(h, t == null ? "—" : num(t.statistic()), true);
            cell(h, t == null ? "—" : num(t.pValue()), true);
            cell(h, t == null ? "—" : num(t.threshold()), true);
            h.append("<td>").append(badge(c)).append("</td>");
            List<String> notes = new ArrayList<>();
            if (c.note() != null) {
                notes.add(c.note());
            }
            if (t != null && t.note() != null) {
                notes.add(t.note());
            }
            cell(h, String.join("; ", notes), false);
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    private static String badge(ColumnSummary c) {
        DriftResult t = c.drift();
        if (t == null || !t.applicable()) {
            return "<span class=\"badge na\">not tested</span>";
        }
        return t.drifted() ? "<span class=\"badge drift\">drift</span>" : "<span class=\"badge ok\">no drift</span>";
    }

    private static void cell(StringBuilder h, String text, boolean number) {
        h.append(number ? "<td class=\"num\">" : "<td>").append(escape(text)).append("</td>");
    }

    private static void extras(StringBuilder h, DriftReport r) {
        if (r.outlierRate() != null) {
            h.append("<h2>Outliers</h2>\n<p>Outlier rate in the window: ").append(escape(percent(r.outlierRate())))
                    .append("</p>\n");
        }
        if (!r.quality().isEmpty()) {
            h.append("<h2>Model quality</h2>\n<table>\n<thead><tr><th>Metric</th><th>Value</th></tr></thead>\n<tbody>\n");
            for (Map.Entry<String, Double> e : r.quality().entrySet()) {
                h.append("<tr>");
                cell(h, e.getKey(), false);
                cell(h, num(e.getValue()), true);
                h.append("</tr>\n");
            }
            h.append("</tbody>\n</table>\n");
        }
    }

    // ------------------------------------------------------------- charts

    private static void column(StringBuilder h, ColumnSummary c) {
        h.append("<section class=\"column").append(c.drifted() ? " drifted" : "").append("\">\n<h3>")
                .append(escape(c.column())).append(' ').append(badge(c)).append("</h3>\n");
        if (c.note() != null) {
            h.append("<p class=\"note\">").append(escape(c.note())).append("</p>\n");
        }
        if (c.histogram() != null) {
            ColumnSummary.Histogram hist = c.histogram();
            int bins = hist.bins();
            List<String> names = new ArrayList<>();
            List<Tick> ticks = new ArrayList<>();
            for (int i = 0; i < bins; i++) {
                names.add("[" + num(hist.edges().get(i)) + ", " + num(hist.edges().get(i + 1)) + (i == bins - 1 ? "]" : ")"));
            }
            for (int i = 0; i <= bins; i++) {
                if (i % 5 == 0 || i == bins) {
                    ticks.add(new Tick(i, num(hist.edges().get(i))));
                }
            }
            chart(h, c.column(), names, ticks, hist.reference(), hist.current(), "value of " + c.column() + " ("
                    + hist.method() + ")");
        } else if (!c.categories().isEmpty()) {
            List<String> labels = new ArrayList<>();
            List<Tick> ticks = new ArrayList<>();
            List<Double> ref = c.categories().get(0).reference() == null ? null : new ArrayList<>();
            List<Double> cur = c.categories().get(0).current() == null ? null : new ArrayList<>();
            for (ColumnSummary.CategoryShare s : c.categories()) {
                ticks.add(new Tick(labels.size() + 0.5, s.other() ? "(other)" : s.label()));
                labels.add(s.other() ? "(other)" : s.label());
                if (ref != null) {
                    ref.add(s.reference());
                }
                if (cur != null) {
                    cur.add(s.current());
                }
            }
            chart(h, c.column(), labels, ticks, ref, cur, "category of " + c.column());
        } else {
            h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"40\" role=\"img\""
                    + " aria-label=\"no data\"><text x=\"10\" y=\"24\">no data</text></svg>\n");
        }
        h.append("</section>\n");
    }

    /** An x-axis label at a position in slots from the left (0 = left end, 0.5 = centre of the first slot). */
    private record Tick(double position, String text) {
    }

    /** Grouped bars, reference then current, per slot; shares on the y axis; {@code labels} name the slots in tooltips. */
    private static void chart(StringBuilder h, String column, List<String> labels, List<Tick> ticks, List<Double> ref,
                              List<Double> cur, String xTitle) {
        int slots = labels.size();
        double max = 0;
        for (List<Double> side : List.of(ref == null ? List.<Double>of() : ref, cur == null ? List.<Double>of() : cur)) {
            for (Double v : side) {
                if (v != null && Double.isFinite(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        double yMax = max > 0 ? niceCeiling(max) : 1.0;
        double pw = WIDTH - LEFT - RIGHT;
        double ph = HEIGHT - TOP - BOTTOM;
        double slot = pw / slots;
        double bar = slot * 0.4;
        h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" role=\"img\" aria-label=\"")
                .append(escape("distribution of " + column + ", reference and current")).append("\">\n");
        // legend
        legend(h, LEFT, REFERENCE_COLOUR, ref == null ? "reference (no data)" : "reference");
        legend(h, LEFT + 160, CURRENT_COLOUR, cur == null ? "current (no data)" : "current");
        // y axis with gridlines at 0, ½ and the top
        for (int i = 0; i <= 4; i++) {
            double v = yMax * i / 4;
            double y = TOP + ph - ph * i / 4;
            h.append("<line x1=\"").append(f(LEFT)).append("\" x2=\"").append(f(LEFT + pw)).append("\" y1=\"").append(f(y))
                    .append("\" y2=\"").append(f(y)).append("\" stroke=\"#e5e5e5\"/>\n");
            h.append("<text x=\"").append(f(LEFT - 6)).append("\" y=\"").append(f(y + 4)).append("\" text-anchor=\"end\">")
                    .append(escape(percent(v))).append("</text>\n");
        }
        h.append("<text transform=\"translate(14 ").append(f(TOP + ph / 2)).append(") rotate(-90)\" text-anchor=\"middle\">"
                + "share of values</text>\n");
        for (int i = 0; i < slots; i++) {
            double x0 = LEFT + slot * i;
            bar(h, x0 + slot * 0.1, bar, ref == null ? null : ref.get(i), yMax, ph, REFERENCE_COLOUR, "reference", labels.get(i));
            bar(h, x0 + slot * 0.5, bar, cur == null ? null : cur.get(i), yMax, ph, CURRENT_COLOUR, "current", labels.get(i));
        }
        for (Tick t : ticks) {
            String shown = t.text().length() > LABEL_CHARS ? t.text().substring(0, LABEL_CHARS - 1) + "…" : t.text();
            double tx = LEFT + slot * t.position();
            double ty = TOP + ph + 14;
            h.append("<line x1=\"").append(f(tx)).append("\" x2=\"").append(f(tx)).append("\" y1=\"").append(f(TOP + ph))
                    .append("\" y2=\"").append(f(TOP + ph + 4)).append("\" stroke=\"#333\"/>")
                    .append("<text transform=\"translate(").append(f(tx + 3)).append(' ').append(f(ty))
                    .append(") rotate(-30)\" text-anchor=\"end\">").append(escape(shown)).append("</text>\n");
        }
        h.append("<line x1=\"").append(f(LEFT)).append("\" x2=\"").append(f(LEFT + pw)).append("\" y1=\"").append(f(TOP + ph))
                .append("\" y2=\"").append(f(TOP + ph)).append("\" stroke=\"#333\"/>\n");
        h.append("<line x1=\"").append(f(LEFT)).append("\" x2=\"").append(f(LEFT)).append("\" y1=\"").append(f(TOP))
                .append("\" y2=\"").append(f(TOP + ph)).append("\" stroke=\"#333\"/>\n");
        h.append("<text x=\"").append(f(LEFT + pw / 2)).append("\" y=\"").append(HEIGHT - 6).append("\" text-anchor=\"middle\">")
                .append(escape(xTitle)).append("</text>\n");
        h.append("</svg>\n");
    }

    private static void legend(StringBuilder h, double x, String colour, String text) {
        h.append("<rect x=\"").append(f(x)).append("\" y=\"8\" width=\"12\" height=\"12\" fill=\"").append(colour).append("\"/>")
                .append("<text x=\"").append(f(x + 18)).append("\" y=\"18\">").append(escape(text)).append("</text>\n");
    }

    private static void bar(StringBuilder h, double x, double width, Double share, double yMax, double ph, String colour,
                            String side, String label) {
        if (share == null || !Double.isFinite(share) || share <= 0) {
            return;
        }
        double height = ph * Math.min(share, yMax) / yMax;
        h.append("<rect x=\"").append(f(x)).append("\" y=\"").append(f(TOP + ph - height)).append("\" width=\"")
                .append(f(width)).append("\" height=\"").append(f(height)).append("\" fill=\"").append(colour)
                .append("\"><title>").append(escape(side + " " + label + ": " + percent(share)))
                .append("</title></rect>\n");
    }

    /** The smallest of 1, 2, 2.5, 5, 10 × 10^k at or above v, at most 1 when v is a share. */
    static double niceCeiling(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        double c = 10 * p;
        for (double m : new double[] {1, 2, 2.5, 5}) {
            if (m * p >= v) {
                c = m * p;
                break;
            }
        }
        return v <= 1 ? Math.min(1.0, c) : c;
    }

    // ------------------------------------------------------------- text

    /** Escapes the five characters that are special in HTML text and attribute values. */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    static String num(Double v) {
        if (v == null) {
            return "—";
        }
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        return a >= 1e-3 && a < 1e6 ? trim(String.format(Locale.ROOT, "%.4f", v)) : String.format(Locale.ROOT, "%.3e", v);
    }

    private static String trim(String s) {
        if (s.indexOf('.') < 0) {
            return s;
        }
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }

    static String percent(double share) {
        if (share > 0 && share < 0.001) {
            return "<0.1%";
        }
        return trim(String.format(Locale.ROOT, "%.1f", share * 100)) + "%";
    }

    private static String f(double v) {
        return trim(String.format(Locale.ROOT, "%.2f", v));
    }
}
