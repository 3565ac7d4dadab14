package dev.gyre.cli;

import dev.gyre.client.DataDiff;
import dev.gyre.client.DataLineage;
import dev.gyre.client.DataSetSummary;
import dev.gyre.client.DataVersion;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gyre data list|versions|show|diff}: looking at data sets and versions. */
final class DataBrowseCommands {

    private DataBrowseCommands() {
    }

    @Command(name = "list",
            description = "List the project's data sets with their number of versions and latest version.",
            footerHeading = "%nExamples:%n",
            footer = {"  gyre data list --project titanic", "  gyre data list -p titanic --json | jq -r '.[].name'"})
    static final class ListSets extends DataProjectCommand {
        @Option(names = "--json", description = "Print the data sets as a JSON array.")
        boolean json;

        @Override
        void run() {
            List<DataSetSummary> sets = data().listDataSets(project);
            if (json) {
                output().json(sets);
                return;
            }
            if (sets.isEmpty()) {
                cli().err.println("No data sets in " + project + " yet; add one with `gyre data add FILE --project "
                        + project + " --name NAME`.");
                return;
            }
            output().table(List.of("NAME", "VERSIONS", "LATEST", "CREATED", "BY"), sets.stream()
                    .map(s -> Arrays.asList(s.name(), String.valueOf(s.versions()),
                            s.latest() == null ? null : s.latest().ref(), Output.time(s.createdAt()),
                            s.createdBy()))
                    .toList());
        }
    }

    @Command(name = "versions",
            description = "List the versions of the data set NAME, newest first, with status, rows and lineage step.",
            footerHeading = "%nExamples:%n",
            footer = {"  gyre data versions passengers --project titanic",
                    "  gyre data versions passengers -p titanic --json | jq -r '.[0].ref'"})
    static final class Versions extends DataProjectCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The data set.")
        String name;

        @Option(names = "--json", description = "Print the versions as a JSON array.")
        boolean json;

        @Override
        void run() {
            List<DataVersion> versions = data().listVersions(project, name);
            if (json) {
                output().json(versions);
                return;
            }
            DataFormat.versionTable(output(), versions);
        }
    }

    @Command(name = "show",
            description = {"Show a version: schema, row count, status, source, lineage and a compact profile "
                    + "(missing and distinct values, range, mean, most frequent value per column)."},
            footerHeading = "%nExamples:%n",
            footer = {"  gyre data show passengers@latest --project titanic",
                    "  gyre data show passengers@2 -p titanic --json | jq .version.profile"})
    static final class Show extends DataProjectCommand {
        @Parameters(index = "0", paramLabel = "REF", description = "The version: NAME@N or NAME@latest.")
        String ref;

        @Option(names = "--json", description = "Print the version (with its profile) and its lineage as JSON.")
        boolean json;

        @Override
        void run() {
            DataVersion v = data().getVersion(project, ref);
            DataLineage lineage = data().lineage(project, v.ref());
            if (json) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("version", v);
                body.put("lineage", lineage);
                output().json(body);
                return;
            }
            Output out = output();
            out.line(v.ref() + ": " + DataFormat.shape(v));
            out.line("  kind      " + v.kind() + (v.format() == null ? "" : ", " + v.format()));
            out.line("  status    " + v.status() + (v.splitRole() == null ? "" : ", split role " + v.splitRole()
                    + ("test".equals(v.splitRole()) ? " (sealed: read only with --purpose validation)" : "")));
            out.line("  sha256    " + v.sha256());
            out.line("  source    " + v.sourceUri());
            out.line("  step      " + v.step() + (v.parents().isEmpty() ? "" : " from " + String.join(", ", v.parents())));
            out.line("  created   " + Output.time(v.createdAt()) + " by " + v.createdBy());
            if (!lineage.edges().isEmpty()) {
                out.line("");
                out.line("Lineage:");
                lineage.edges().forEach(e -> out.line("  " + e.child() + " <- " + e.parent()));
            }
            if (!v.schema().isEmpty() && (v.profile() == null || v.profile().path("columns").isEmpty())) {
                out.line("");
                out.table(List.of("COLUMN", "TYPE"), v.schema().stream().map(c -> List.of(c.name(), c.type())).toList());
            }
            if (v.profile() != null && !v.profile().path("columns").isEmpty()) {
                out.line("");
                DataFormat.profileTable(out, v.profile());
            }
        }
    }

    @Command(name = "diff",
            description = {"Compare the profiles of two versions: schema changes, row counts, and per-column shifts "
                    + "in missing values, distributions and frequent values."},
            footerHeading = "%nExamples:%n",
            footer = {"  gyre data diff passengers@1 passengers@2 --project titanic",
                    "  gyre data diff passengers@1 passengers@latest -p titanic --json"})
    static final class Diff extends DataProjectCommand {
        @Parameters(index = "0", paramLabel = "A", description = "The older version.")
        String a;

        @Parameters(index = "1", paramLabel = "B", description = "The newer version.")
        String b;

        @Option(names = "--json", description = "Print the platform's diff as JSON.")
        boolean json;

        @Override
        void run() {
            DataDiff diff = data().diff(project, a, b);
            if (json) {
                output().json(diff.json());
                return;
            }
            String text = diff.text() == null ? "" : diff.text().stripTrailing();
            output().line(text.isEmpty() ? "No differences between " + a + " and " + b + "." : text);
        }
    }
}
