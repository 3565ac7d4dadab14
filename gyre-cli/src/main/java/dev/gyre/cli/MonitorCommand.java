package dev.gyre.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gyre.client.MonitoringClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gyre monitor …}: what a deployment's traffic looks like against its reference. */
@Command(name = "monitor",
        description = {"Watch a deployment in production: its traffic is profiled per window from the prediction log"
                + " and compared with the reference of the version that answers (the training data's profile its"
                + " validation stored): drift of each input and of the predictions, the outlier rate, latency p99,"
                + " and model quality once ground truth is sent as feedback."},
        subcommands = {MonitorCommand.Status.class, MonitorCommand.Report.class},
        commandListHeading = "%nCommands:%n",
        footerHeading = "%nExamples:%n",
        footer = {
                "  gyre monitor status titanic",
                "  gyre monitor status titanic --window 1d",
                "  gyre monitor report titanic --window 1h --html drift.html"})
final class MonitorCommand extends BaseCommand {

    @Command(name = "status",
            description = "Show a deployment's latest windows: records, dataset drift share and verdict, each"
                    + " column's test and statistic, prediction drift, outliers, latency, quality and alerts.",
            footerHeading = "%nExamples:%n",
            footer = {"  gyre monitor status titanic", "  gyre monitor status titanic --window 6h --json"})
    static final class Status extends PlatformCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The deployment.")
        String name;

        @Option(names = "--window", paramLabel = "SPAN",
                description = "The span up to now to cover, e.g. 30m, 6h, 1d (default: the latest windows).")
        String window;

        @Option(names = "--json", description = "Print the status as JSON.")
        boolean json;

        @Override
        void run() {
            JsonNode status = client().monitoring().status(name, window);
            if (json) {
                output().json(status);
                return;
            }
            print(output(), status);
            JsonNode quality = status.path("quality");
            if (quality.size() > 0) {
                List<String> parts = new ArrayList<>();
                quality.fields().forEachRemaining(e -> parts.add(e.getKey() + " " + number(e.getValue())));
                output().line("  quality    " + String.join(", ", parts));
            }
            List<List<String>> rules = new ArrayList<>();
            for (JsonNode r : status.path("alerts")) {
                rules.add(List.of(r.path("rule").asText(), r.path("metric").asText() + " " + r.path("comparison")
                        .asText() + " " + number(r.path("threshold")), r.path("status").asText(), number(r.path("value"))));
            }
            if (!rules.isEmpty()) {
                output().line("");
                output().table(List.of("ALERT", "CONDITION", "STATUS", "LAST VALUE"), rules);
            }
        }
    }

    @Command(name = "report",
            description = {"A drift report of one span against the version's reference: JSON, or one"
                    + " self-contained HTML page with a chart per column (reference against current) and the table"
                    + " of tests.", "Without --html or --json it prints the table."},
            footerHeading = "%nExamples:%n",
            footer = {"  gyre monitor report titanic --window 1h",
                    "  gyre monitor report titanic --window 1d --end 2026-11-29T00:00:00Z",
                    "  gyre monitor report titanic --html drift.html"})
    static final class Report extends PlatformCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The deployment.")
        String name;

        @Option(names = "--window", paramLabel = "SPAN", defaultValue = "1h",
                description = "The span, e.g. 30m, 1h, 1d (default: ${DEFAULT-VALUE}).")
        String window;

        @Option(names = "--end", paramLabel = "INSTANT",
                description = "The span's end, ISO-8601 (default: now).")
        String end;

        @Option(names = "--html", paramLabel = "FILE", description = "Write the HTML report to FILE.")
        Path html;

        @Option(names = "--json", description = "Print the report as JSON.")
        boolean json;

        @Override
        void run() {
            MonitoringClient monitoring = client().monitoring();
            if (html != null) {
                String page = monitoring.reportHtml(name, window, end);
                try {
                    Files.writeString(html, page, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new CliException("Cannot write " + html + ": " + e.getMessage() + ".");
                }
                output().line("Wrote the drift report of " + name + " to " + html + ".");
                return;
            }
            JsonNode report = monitoring.report(name, window, end);
            if (json) {
                output().json(report);
                return;
            }
            print(output(), report);
        }
    }

    /** The summary lines and the column table of a status or report. */
    static void print(Output out, JsonNode s) {
        out.line("Deployment " + s.path("deployment").asText() + " (" + s.path("model").asText() + " v"
                + s.path("version").asText() + "), " + s.path("from").asText() + " to " + s.path("to").asText());
        out.line("  records    " + s.path("rows").asLong() + " (reference " + number(s.path("reference_rows")) + ")");
        if (!s.path("note").isNull() && !s.path("note").asText().isEmpty()) {
            out.line("  note       " + s.path("note").asText());
        }
        if (s.path("drift_share").isNumber()) {
            out.line("  drift      " + (s.path("dataset_drift").asBoolean() ? "DATASET DRIFT" : "no dataset drift")
                    + ": share " + number(s.path("drift_share")) + " (threshold " + number(s.path("drift_share_threshold"))
                    + "); predictions " + (s.path("prediction_drift").asBoolean() ? "drifted" : "stable"));
        }
        out.line("  outliers   " + (s.path("outlier_rate").isNumber()
                ? String.format("%.1f%%", 100 * s.path("outlier_rate").asDouble()) : "-"));
        out.line("  latency    p99 " + (s.path("latency_p99_ms").isNumber()
                ? String.format("%.1f ms", s.path("latency_p99_ms").asDouble()) : "-"));
        List<List<String>> rows = new ArrayList<>();
        for (String part : List.of("columns", "predictions")) {
            for (JsonNode c : s.path(part)) {
                rows.add(List.of(c.path("column").asText(), c.path("test").asText(), number(c.path("statistic")),
                        number(c.path("p_value")), number(c.path("threshold")),
                        !c.path("applicable").asBoolean() ? "n/a" : c.path("drifted").asBoolean() ? "DRIFT" : "ok"));
            }
        }
        if (!rows.isEmpty()) {
            out.line("");
            out.table(List.of("COLUMN", "TEST", "STATISTIC", "P-VALUE", "THRESHOLD", "VERDICT"), rows);
        }
    }

    static String number(JsonNode n) {
        if (n == null || !n.isNumber()) {
            return "-";
        }
        double d = n.asDouble();
        return d == Math.rint(d) && Math.abs(d) < 1e12 ? Long.toString((long) d) : String.format("%.4g", d);
    }
}
