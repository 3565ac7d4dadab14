package dev.gyre.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gyre.client.DataValidationReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gyre data suggest|validate|override}: expectation suites and their verdicts. */
final class DataValidateCommands {

    private DataValidateCommands() {
    }

    @Command(name = "suggest",
            description = {"Propose an expectation suite (YAML) from a version's profile: not-null, ranges, allowed "
                    + "values, types, row count. Review and edit it before you validate with it."},
            footerHeading = "%nExamples:%n",
            footer = {"  gyre data suggest passengers@1 --project titanic -o suite.yaml",
                    "  gyre data suggest passengers@1 -p titanic | less"})
    static final class Suggest extends DataProjectCommand {
        @Parameters(index = "0", paramLabel = "REF", description = "The version: NAME@N or NAME@latest.")
        String ref;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the suite to FILE instead of standard output.")
        Path file;

        @Override
        void run() {
            String suite = data().suggest(project, ref);
            if (file == null) {
                cli().out.print(suite.endsWith("\n") ? suite : suite + "\n");
                return;
            }
            write(file, suite);
            output().line("Wrote a suggested suite for " + ref + " to " + file + "; review it, then run `gyre data validate "
                    + ref + " --suite " + file + " --project " + project + "`.");
        }
    }

    @Command(name = "validate",
            description = {"Validate a version against an expectation suite (YAML). The version is marked validated "
                    + "or failed and the report kept; a failed version is not used for training without an override.",
                    "Prints one line per expectation. Exit code 0 when the suite passes, 1 when it fails."},
            footerHeading = "%nExamples:%n",
            footer = {"  gyre data validate passengers@1 --suite suite.yaml --project titanic",
                    "  gyre data validate passengers@1 --suite suite.yaml -p titanic \\",
                    "      --html report.html",
                    "  gyre data validate passengers@1 --suite suite.yaml -p titanic --json"})
    static final class Validate extends DataProjectCommand {
        @Parameters(index = "0", paramLabel = "REF", description = "The version: NAME@N or NAME@latest.")
        String ref;

        @Option(names = "--suite", required = true, paramLabel = "FILE", description = "The expectation suite, YAML.")
        Path suite;

        @Option(names = "--html", paramLabel = "FILE", description = "Also write the report as an HTML page to FILE.")
        Path html;

        @Option(names = "--json", description = "Print the report as JSON.")
        boolean json;

        @Override
        void run() {
            String suiteText = read(suite, "suite");
            DataValidationReport report = data().validate(project, ref, suiteText);
            if (html != null) {
                write(html, data().validationHtml(project, ref));
            }
            if (json) {
                output().json(report);
            } else {
                printReport(output(), ref, report);
                if (html != null) {
                    output().line("Report written to " + html + ".");
                }
            }
            if (!report.success()) {
                throw new CliException("Validation of " + ref + " failed: " + failed(report) + " of "
                        + report.results().size() + " expectations did not hold. Fix the data (e.g. `gyre data clean`),"
                        + " or record why it may be used anyway with `gyre data override " + ref + " --reason …`.");
            }
        }

        private static long failed(DataValidationReport report) {
            return report.results().stream().filter(r -> !r.success()).count();
        }
    }

    /** A summary line and one line per expectation. */
    static void printReport(Output out, String ref, DataValidationReport report) {
        long failed = report.results().stream().filter(r -> !r.success()).count();
        out.line((report.success() ? "PASSED" : "FAILED") + ": suite " + report.suite() + " on " + ref + ", "
                + (report.results().size() - failed) + " of " + report.results().size() + " expectations held over "
                + report.rowCount() + " rows.");
        List<List<String>> rows = new ArrayList<>();
        for (DataValidationReport.Result r : report.results()) {
            rows.add(Arrays.asList(r.success() ? "ok" : "FAIL", r.kind(), r.column(), unexpected(r), detail(r)));
        }
        out.line("");
        out.table(List.of("STATUS", "EXPECTATION", "COLUMN", "UNEXPECTED", "DETAIL"), rows);
    }

    private static String unexpected(DataValidationReport.Result r) {
        if (r.elementCount() == 0 && r.unexpectedCount() == 0) {
            return null;
        }
        return r.unexpectedCount() + String.format(Locale.ROOT, " (%.1f%%)", r.unexpectedPercent());
    }

    private static String detail(DataValidationReport.Result r) {
        List<String> parts = new ArrayList<>();
        r.expectation().forEach((key, value) -> {
            if (!key.equals("expect") && !key.equals("column")) {
                parts.add(key + "=" + (value instanceof List<?> list ? list.stream().map(String::valueOf)
                        .collect(Collectors.joining(", ", "[", "]")) : value));
            }
        });
        JsonNode observed = r.observedValue();
        if (observed != null && !observed.isNull()) {
            parts.add("observed " + (observed.isTextual() ? observed.asText() : observed.toString()));
        }
        if (!r.success() && r.reason() != null) {
            parts.add(r.reason());
        }
        if (!r.success() && !r.examples().isEmpty()) {
            parts.add("e.g. " + r.examples().stream().limit(3).map(e -> "row " + e.row() + " "
                    + (e.value() == null ? "missing" : "= " + DataFormat.shorten(e.value(), 16)))
                    .collect(Collectors.joining(", ")));
        }
        return parts.isEmpty() ? null : DataFormat.shorten(String.join("; ", parts), 110);
    }

    @Command(name = "override",
            description = {"Record that a version which failed validation may be used for training anyway, and why. "
                    + "The reason is kept with the version and in the project's audit log."},
            footerHeading = "%nExamples:%n",
            footer = {"  gyre data override passengers@1 -p titanic \\",
                    "      --reason \"Age is missing for 177 passengers; the model imputes it\""})
    static final class OverrideFailed extends DataProjectCommand {
        @Parameters(index = "0", paramLabel = "REF", description = "The version: NAME@N or NAME@latest.")
        String ref;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why it may be used; reviewers read it.")
        String reason;

        @Option(names = "--json", description = "Print the recorded override as JSON.")
        boolean json;

        @Override
        void run() {
            JsonNode recorded = data().override(project, ref, reason);
            if (json) {
                output().json(recorded);
                return;
            }
            output().line("Recorded an override for " + ref + ": it may be used for training despite failed validation.");
        }
    }

    static String read(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new CliException("No " + what + " file at " + file + "; check the path.");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException("Cannot read the " + what + " " + file + ": " + e.getMessage() + ".", e);
        }
    }

    static void write(Path file, String text) {
        try {
            Path absolute = file.toAbsolutePath();
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
            Files.writeString(absolute, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException("Cannot write " + file + ": " + e.getMessage() + ". Check that the folder is writable.", e);
        }
    }
}
