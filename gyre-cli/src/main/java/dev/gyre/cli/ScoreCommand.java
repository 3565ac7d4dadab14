package dev.gyre.cli;

import dev.gyre.core.GyreException;
import dev.gyre.core.table.ColumnType;
import dev.gyre.data.ingest.CsvReader;
import dev.gyre.data.ingest.CsvWriter;
import dev.gyre.serving.pkg.GyreModel;
import dev.gyre.serving.pkg.ModelPackage;
import dev.gyre.serving.pkg.ModelPackages;
import dev.gyre.serving.pkg.Prediction;
import dev.gyre.serving.pkg.Signature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gyre score}: batch scoring of a CSV file with a model package, streamed row by row. */
@Command(name = "score",
        description = {"Score a CSV file with a model: every input row is written again with the model's prediction"
                + " (predicted_class and probability_<class> for a classifier, prediction for a regressor). The file is"
                + " streamed, so its size is not limited by memory; a progress bar shows how far it got.",
                "The model is the package its latest validation wrote (--model NAME@ALIAS or NAME/VERSION, fetched from"
                        + " the platform), or a package file (--package). Values are checked against the model's"
                        + " signature; a bad row stops the run naming its line and column."},
        footerHeading = "%nExamples:%n",
        footer = {"  gyre score examples/titanic/titanic.csv --model titanic@production \\",
                "      -o scored.csv",
                "  gyre score passengers.csv --model titanic/3 -o scored.csv",
                "  gyre score passengers.csv --package titanic-3.zip -o scored.csv"})
final class ScoreCommand extends PlatformCommand {

    @Parameters(index = "0", paramLabel = "INPUT.csv", description = "Rows to score, with a header row.")
    Path input;

    @Option(names = "--model", paramLabel = "NAME@ALIAS|NAME/VERSION",
            description = "A registered version on the platform (its latest validation's package).")
    String model;

    @Option(names = "--package", paramLabel = "FILE", description = "A model package file instead of --model.")
    Path packageFile;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUTPUT.csv", description = "Where to write.")
    Path output;

    @Override
    void run() throws IOException {
        if ((model == null) == (packageFile == null)) {
            throw new CliException("Name the model with exactly one of --model NAME@ALIAS|NAME/VERSION or --package FILE.");
        }
        if (!Files.isRegularFile(input)) {
            throw new CliException("Input file " + input + " does not exist or is not a file.");
        }
        ModelPackage pkg = packageFile != null ? ModelPackages.read(packageFile) : download(model);
        GyreModel scorer = GyreModel.of(pkg);
        Map<String, ColumnType> types = new LinkedHashMap<>();
        for (Signature.Input in : pkg.signature().inputs()) {
            types.put(in.name(), in.type());
        }
        long total = Files.size(input);
        long rows = 0;
        ProgressBar bar = new ProgressBar(cli().err, "score " + input.getFileName(), cli().progress);
        Path partial = output.resolveSibling(output.getFileName() + ".partial");
        try (CsvReader reader = new CsvReader(Files.newInputStream(input), "File " + input, ',', StandardCharsets.UTF_8,
                1 << 20); BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            String[] header = reader.next();
            if (header == null) {
                throw new CliException("Input file " + input + " is empty; it needs a header row and rows to score.");
            }
            reader.columnNames(List.of(header));
            List<String> extra = outputColumns(pkg);
            writeLine(out, header, extra.toArray(String[]::new));
            for (String[] fields; (fields = reader.next()) != null; ) {
                Map<String, Object> record = new LinkedHashMap<>();
                for (int i = 0; i < header.length; i++) {
                    String raw = i < fields.length ? fields[i] : "";
                    record.put(header[i], value(raw, types.get(header[i]), reader.recordLine(), header[i]));
                }
                Prediction p;
                try {
                    p = scorer.predict(record);
                } catch (GyreException.InvalidArgument e) {
                    throw new CliException("Line " + reader.recordLine() + " of " + input + ": " + e.getMessage());
                }
                writeLine(out, fields, predictionFields(pkg, p));
                rows++;
                bar.progress(reader.bytesRead(), total);
            }
        } catch (RuntimeException | IOException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, output, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        bar.finish();
        output().line("Scored " + rows + " rows with " + pkg.metadata().modelName() + " version "
                + pkg.metadata().version() + " into " + output + ".");
    }

    private ModelPackage download(String spec) throws IOException {
        int at = spec.lastIndexOf('@');
        int slash = spec.lastIndexOf('/');
        String name;
        int version;
        if (at > 0) {
            name = spec.substring(0, at);
            String alias = spec.substring(at + 1);
            Integer v = client().getModel(name).aliases().get(alias);
            if (v == null) {
                throw new CliException("Model " + name + " has no alias '" + alias + "'. See its aliases with"
                        + " `gyre models list`, or name a version: --model " + name + "/VERSION.");
            }
            version = v;
        } else if (slash > 0) {
            name = spec.substring(0, slash);
            try {
                version = Integer.parseInt(spec.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new CliException("'" + spec + "' names no version; use NAME/VERSION such as titanic/3.");
            }
        } else {
            throw new CliException("--model takes NAME@ALIAS or NAME/VERSION, e.g. titanic@production; got '" + spec + "'.");
        }
        try (InputStream in = client().modelPackage(name, version)) {
            return ModelPackages.read(in);
        }
    }

    private static Object value(String raw, ColumnType type, long line, String column) {
        if (raw.isEmpty()) {
            return null;
        }
        if (type == ColumnType.NUMERIC) {
            try {
                return Double.parseDouble(raw.strip());
            } catch (NumberFormatException e) {
                throw new CliException("Line " + line + ", column '" + column + "': '" + raw + "' is not a number;"
                        + " the model reads " + column + " as numeric. Fix the value or leave it empty (missing).");
            }
        }
        if (type == ColumnType.BOOLEAN) {
            String v = raw.strip().toLowerCase(Locale.ROOT);
            if (v.equals("true") || v.equals("false")) {
                return Boolean.valueOf(v);
            }
            throw new CliException("Line " + line + ", column '" + column + "': '" + raw + "' is not true or false.");
        }
        return raw;
    }

    private static List<String> outputColumns(ModelPackage pkg) {
        List<String> out = new ArrayList<>();
        if (pkg.model().classes().isEmpty()) {
            out.add("prediction");
        } else {
            out.add("predicted_class");
            if (pkg.model().task() == dev.gyre.training.LearningTask.CLASSIFICATION) {
                pkg.model().classes().forEach(c -> out.add("probability_" + c));
            }
        }
        return out;
    }

    private static String[] predictionFields(ModelPackage pkg, Prediction p) {
        List<String> out = new ArrayList<>();
        if (pkg.model().classes().isEmpty()) {
            out.add(String.valueOf(p.value()));
        } else {
            out.add(p.predictedClass());
            if (pkg.model().task() == dev.gyre.training.LearningTask.CLASSIFICATION) {
                pkg.model().classes().forEach(c -> out.add(String.valueOf(p.probabilities().get(c))));
            }
        }
        return out.toArray(String[]::new);
    }

    private static void writeLine(BufferedWriter out, String[] fields, String[] extra) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            line.append(i == 0 ? "" : ",").append(CsvWriter.escape(fields[i]));
        }
        for (String f : extra) {
            line.append(fields.length == 0 ? "" : ",").append(CsvWriter.escape(f));
        }
        out.write(line.append('\n').toString());
    }
}
