package dev.gyre.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gyre.client.DataCleanResult;
import dev.gyre.client.DataSplitRequest;
import dev.gyre.client.DataSplitResult;
import dev.gyre.client.DataVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gyre data clean|split}: new versions made from a version on the platform. */
final class DataTransformCommands {

    private DataTransformCommands() {
    }

    @Command(name = "clean",
            description = {"Apply a clean spec (YAML: drop_columns, rename, cast, trim, filter, drop_duplicates, "
                    + "fill_missing, sql) to a version. Makes a new version with the source as parent and prints what "
                    + "each step did to rows and columns."},
            footerHeading = "%nExamples:%n",
            footer = {"  gyre data clean passengers@1 --spec clean.yaml --project titanic",
                    "  gyre data clean passengers@1 --spec clean.yaml -p titanic --name clean",
                    "",
                    "A clean spec:",
                    "  steps:",
                    "    - drop_columns: [Cabin]",
                    "    - fill_missing: {strategy: median, columns: [Age]}",
                    "    - filter: \"Fare >= 0\""})
    static final class Clean extends DataProjectCommand {
        @Parameters(index = "0", paramLabel = "REF", description = "The version to clean: NAME@N or NAME@latest.")
        String ref;

        @Option(names = "--spec", required = true, paramLabel = "FILE", description = "The clean spec, YAML.")
        Path spec;

        @Option(names = "--name", paramLabel = "TARGET", description = "The data set of the new version. Default: the source's.")
        String target;

        @Option(names = "--json", description = "Print the new version and the step log as JSON.")
        boolean json;

        @Override
        void run() {
            DataCleanResult result = data().clean(project, ref, DataValidateCommands.read(spec, "clean spec"), target);
            if (json) {
                output().json(result);
                return;
            }
            DataVersion v = result.version();
            output().line("Cleaned " + ref + " into " + v.ref() + ": " + DataFormat.shape(v) + ".");
            result.log().forEach(step -> output().line("  " + step.summary()));
        }
    }

    @Command(name = "split",
            description = {"Split a version into train, validation and test sets: new versions of NAME-train, "
                    + "NAME-validation and NAME-test with the source as parent.",
                    "random shuffles with --seed; stratified keeps each class of --column in the same share in every "
                            + "split; time puts the oldest rows (by --column) in train and the newest in test; hash puts "
                            + "each row by a seeded hash of its content (or of the key --column), so a row keeps its split "
                            + "when later versions add rows (a champion is never tested on rows it trained on).",
                    "The test split is sealed: it is refused to training and exploration, and only the validation "
                            + "stage reads it (`gyre data get … --purpose validation`, logged)."},
            footerHeading = "%nExamples:%n",
            footer = {"  gyre data split passengers@2 --project titanic --method random \\",
                    "      --train 0.8 --test 0.2 --seed 42",
                    "  gyre data split passengers@2 -p titanic --method stratified \\",
                    "      --column Survived --train 0.7 --validation 0.15 --test 0.15",
                    "  gyre data split events@1 -p churn --method time --column timestamp \\",
                    "      --train 0.8 --test 0.2",
                    "  gyre data split passengers@3 -p titanic --method hash \\",
                    "      --train 0.8 --test 0.2 --seed 42"})
    static final class Split extends DataProjectCommand {
        @Parameters(index = "0", paramLabel = "REF", description = "The version to split: NAME@N or NAME@latest.")
        String ref;

        @Option(names = "--method", required = true, paramLabel = "METHOD", description = "random, stratified, time or hash.")
        String method;

        @Option(names = "--train", required = true, paramLabel = "FRACTION", description = "Share of rows for training, e.g. 0.7.")
        double train;

        @Option(names = "--validation", paramLabel = "FRACTION", description = "Share for validation, e.g. 0.15. Default: no validation split.")
        Double validation;

        @Option(names = "--test", required = true, paramLabel = "FRACTION", description = "Share for the sealed test split, e.g. 0.15.")
        double test;

        @Option(names = "--seed", paramLabel = "N", description = "Seed of the shuffle, to make the split repeatable.")
        Long seed;

        @Option(names = "--column", paramLabel = "COLUMN", description = "The class column (stratified), time column (time) or key column (hash; default: the whole row).")
        String column;

        @Option(names = "--json", description = "Print the new versions and the summary as JSON.")
        boolean json;

        @Override
        void run() {
            String checked = method.strip().toLowerCase(Locale.ROOT);
            if (!List.of("random", "stratified", "time", "hash").contains(checked)) {
                throw new CliException("Unknown split method '" + method + "': use --method random, stratified, time"
                        + " or hash.");
            }
            if ((checked.equals("stratified") || checked.equals("time")) && column == null) {
                throw new CliException("A " + checked + " split needs --column: the " + (checked.equals("time")
                        ? "time column that orders the rows." : "class column whose shares every split keeps."));
            }
            double sum = train + test + (validation == null ? 0 : validation);
            if (Math.abs(sum - 1) > 1e-9) {
                throw new CliException(String.format(Locale.ROOT, "--train, --validation and --test add up to %s; make"
                        + " them add up to 1, e.g. --train 0.7 --validation 0.15 --test 0.15.", DataFormat.shorten(
                        Double.toString(sum), 12)));
            }
            DataSplitResult result = data().split(project, ref, new DataSplitRequest(checked, train, validation, test,
                    seed, column));
            if (json) {
                output().json(result);
                return;
            }
            List<DataVersion> versions = new ArrayList<>();
            versions.add(result.train());
            if (result.validation() != null) {
                versions.add(result.validation());
            }
            versions.add(result.test());
            output().line("Split " + ref + " (" + checked + describeSeed(result.summary()) + "):");
            DataFormat.versionTable(output(), versions);
            for (JsonNode note : result.summary() == null ? List.<JsonNode>of() : iterable(result.summary().path("notes"))) {
                output().line("  " + note.asText());
            }
            output().line("The test split " + result.test().ref() + " is sealed: only `--purpose validation` reads it.");
        }

        private static String describeSeed(JsonNode summary) {
            JsonNode seed = summary == null ? null : summary.get("seed");
            return seed == null || seed.isNull() ? "" : ", seed " + seed.asText();
        }

        private static List<JsonNode> iterable(JsonNode array) {
            List<JsonNode> list = new ArrayList<>();
            array.forEach(list::add);
            return list;
        }
    }
}
