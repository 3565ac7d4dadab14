package dev.gyre.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gyre.client.ModelValidationResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gyre models validate} and {@code gyre models card}: stage 5 from the command line. */
final class ModelValidateCommands {

    private ModelValidateCommands() {
    }

    @Command(name = "validate",
            description = {"Validate a version against its project's charter on the sealed test split: holdout metrics"
                    + " with bootstrap intervals, overfitting gap, fairness across the sensitive attributes, slices,"
                    + " permutation importance and the comparison with the production version. The gates' outcome is"
                    + " recorded on the version: a failed blocking gate keeps it from the production alias.",
                    "Exit code 0 when every blocking gate passed, 1 when one failed (the output says which stage to"
                            + " go back to)."},
            footerHeading = "%nExamples:%n",
            footer = {"  gyre models validate titanic 1",
                    "  gyre models validate titanic 2 --test passengers-test@1 \\",
                    "      --champion-alias production",
                    "  gyre models validate titanic 2 --json > report.json"})
    static final class Validate extends PlatformCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "VERSION")
        int version;

        @Option(names = "--test", paramLabel = "NAME@N",
                description = "The sealed test split. Default: the one cut together with the training split.")
        String test;

        @Option(names = "--train", paramLabel = "NAME@N",
                description = "The training split. Default: the one the version's training run recorded.")
        String train;

        @Option(names = "--champion-alias", paramLabel = "ALIAS",
                description = "Compare with the version holding this alias. Default: the project's production alias.")
        String championAlias;

        @Option(names = "--seed", paramLabel = "N", description = "Seed of the bootstrap intervals (default 42).")
        Long seed;

        @Option(names = "--bootstrap", paramLabel = "N", description = "Bootstrap resamples per interval (default 1000).")
        Integer bootstrap;

        @Option(names = "--json", description = "Print the platform's answer, full report included, as JSON.")
        boolean json;

        @Override
        void run() {
            ModelValidationResult result = client().validateModelVersion(name, version, test, train, championAlias,
                    seed, bootstrap);
            if (json) {
                output().json(result);
            } else {
                print(output(), result);
            }
            if (!result.passed()) {
                throw new CliException("Version " + version + " of " + name + " failed the blocking gate(s) "
                        + String.join(", ", result.blockingFailures()) + "; it cannot be promoted to production."
                        + (result.backTo().isEmpty() ? "" : " Go back to: " + String.join(", ", result.backTo()) + "."));
            }
        }
    }

    static void print(Output out, ModelValidationResult r) {
        out.line((r.passed() ? "PASSED" : "FAILED") + ": " + r.model() + " version " + r.version() + " on " + r.test()
                + " (trained on " + r.train() + (r.champion() == null ? "" : "; champion " + r.champion()) + ")");
        JsonNode metrics = r.report() == null ? null : r.report().path("holdout").path("metrics");
        if (metrics != null && metrics.isArray()) {
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode m : metrics) {
                JsonNode value = m.path("value").path("value");
                JsonNode ci = m.path("interval");
                String interval = ci.isMissingNode() || ci.isNull() || ci.path("lower").path("value").isNull()
                        ? "" : num(ci.path("lower").path("value")) + " – " + num(ci.path("upper").path("value"));
                rows.add(List.of(m.path("name").asText(), value.isNull() ? "n/a" : num(value), interval));
            }
            out.line("");
            out.table(List.of("METRIC", "TEST", "95% INTERVAL"), rows);
        }
        List<List<String>> gates = new ArrayList<>();
        for (ModelValidationResult.Gate g : r.gates()) {
            gates.add(List.of(g.name(), g.status().toUpperCase(Locale.ROOT), g.blocking() ? "blocking" : "report only",
                    g.message()));
        }
        out.line("");
        out.table(List.of("GATE", "RESULT", "KIND", "FIGURES"), gates);
        if (!r.backTo().isEmpty()) {
            out.line("");
            out.line("Go back to: " + String.join(", ", r.backTo()));
        }
        out.line("");
        out.line("Model card: gyre models card " + r.model() + " " + r.version() + " -o card.html");
    }

    private static String num(JsonNode v) {
        return String.format(Locale.ROOT, "%.4f", v.asDouble());
    }

    @Command(name = "card",
            description = "Write the model card of a version's latest validation: intended use, data, features,"
                    + " performance with intervals, fairness, slices, explanations, gates and limitations.",
            footerHeading = "%nExamples:%n",
            footer = {"  gyre models card titanic 1 -o card.html",
                    "  gyre models card titanic 1 --format md"})
    static final class Card extends PlatformCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "VERSION")
        int version;

        @Option(names = "--format", paramLabel = "html|md",
                description = "HTML (one self-contained page with charts) or Markdown. Default: from the -o file's"
                        + " extension, else md.")
        String format;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
        Path file;

        @Override
        void run() {
            String chosen = format != null ? format.toLowerCase(Locale.ROOT)
                    : file != null && file.toString().toLowerCase(Locale.ROOT).endsWith(".html") ? "html" : "md";
            if (!chosen.equals("html") && !chosen.equals("md")) {
                throw new CliException("Unknown --format '" + format + "'; use html or md.");
            }
            String card = client().modelCard(name, version, chosen);
            if (file == null) {
                output().line(card.stripTrailing());
                return;
            }
            try {
                Files.writeString(file.toAbsolutePath(), card, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CliException("Could not write the card to " + file + ": " + e.getMessage(), e);
            }
            output().line("Model card of " + name + " version " + version + " written to " + file + ".");
        }
    }
}
