package dev.gyre.data.validate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link ValidationReport} as one self-contained HTML page; everything from the data is escaped. */
final class ReportHtml {
    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem;color:#1f2328}
            h1{font-size:1.5rem;margin:0 0 .5rem}
            .summary{padding:.6rem 1rem;border-radius:6px;display:inline-block;margin:0 0 1rem}
            .summary.pass{background:#dafbe1;color:#116329}.summary.fail{background:#ffebe9;color:#a40e26}
            table{border-collapse:collapse;width:100%;font-size:.9rem}
            th,td{border:1px solid #d0d7de;padding:.4rem .6rem;text-align:left;vertical-align:top}
            th{background:#f6f8fa}
            td.num{text-align:right;font-variant-numeric:tabular-nums}
            tr.pass td.status{background:#dafbe1;color:#116329;font-weight:600}
            tr.fail td.status{background:#ffebe9;color:#a40e26;font-weight:600}
            code{background:#f6f8fa;padding:0 .2rem;border-radius:3px;white-space:pre-wrap;word-break:break-all}
            ul.examples{margin:0;padding-left:1rem}
            .muted{color:#656d76}
            """;

    private ReportHtml() {
    }

    static String render(ValidationReport report) {
        StringBuilder out = new StringBuilder(4096);
        String name = escape(report.suiteName());
        boolean success = report.success();
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Validation of ").append(name).append("</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n")
                .append("<h1>Validation of <q>").append(name).append("</q></h1>\n")
                .append("<p class=\"summary ").append(success ? "pass" : "fail").append("\"><strong>")
                .append(success ? "Passed" : "Failed").append("</strong>: ").append(report.successful())
                .append(" of ").append(report.results().size()).append(" expectations passed on ")
                .append(report.rowCount()).append(report.rowCount() == 1 ? " row" : " rows").append(".</p>\n")
                .append("<table>\n<thead><tr><th>Status</th><th>Expectation</th><th>Column</th><th>Parameters</th>")
                .append("<th>Rows</th><th>Missing</th><th>Unexpected</th><th>Unexpected %</th>")
                .append("<th>Observed / reason</th><th>Examples (row: value)</th></tr></thead>\n<tbody>\n");
        for (ExpectationResult result : report.results()) {
            row(out, result);
        }
        out.append("</tbody>\n</table>\n</body>\n</html>\n");
        return out.toString();
    }

    private static void row(StringBuilder out, ExpectationResult r) {
        Expectation e = r.expectation();
        out.append("<tr class=\"").append(r.success() ? "pass" : "fail").append("\">")
                .append("<td class=\"status\">").append(r.success() ? "&#10004; passed" : "&#10008; failed").append("</td>")
                .append("<td>").append(escape(e.kind())).append("</td>")
                .append("<td>").append(e.column() == null ? "<span class=\"muted\">(table)</span>"
                        : "<code>" + escape(e.column()) + "</code>").append("</td>")
                .append("<td>").append(escape(parameters(e))).append("</td>")
                .append("<td class=\"num\">").append(r.elementCount()).append("</td>")
                .append("<td class=\"num\">").append(r.missingCount()).append("</td>")
                .append("<td class=\"num\">").append(r.unexpectedCount()).append("</td>")
                .append("<td class=\"num\">").append(String.format(Locale.ROOT, "%.2f", r.unexpectedPercent()))
                .append("</td><td>");
        String note = r.reason() != null ? r.reason() : r.observedValue() != null ? "observed " + r.observedValue() : "";
        out.append(escape(note)).append("</td><td>");
        if (!r.examples().isEmpty()) {
            out.append("<ul class=\"examples\">");
            for (UnexpectedValue example : r.examples()) {
                out.append("<li>").append(example.row()).append(": ").append(example.value() == null
                        ? "<em class=\"muted\">missing</em>" : "<code>" + escape(example.value()) + "</code>")
                        .append("</li>");
            }
            out.append("</ul>");
        }
        out.append("</td></tr>\n");
    }

    /** The parameters other than {@code expect} and {@code column}, as {@code key: value} pairs. */
    private static String parameters(Expectation e) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Object> entry : e.parameters().entrySet()) {
            if (!entry.getKey().equals("expect") && !entry.getKey().equals("column")) {
                Object value = entry.getValue();
                parts.add(entry.getKey() + ": " + (value instanceof BigDecimal d ? d.toPlainString() : value));
            }
        }
        return String.join(", ", parts);
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        out.append("&#xFFFD;");
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
