package dev.gyre.cli;

import dev.gyre.client.DataClient;
import dev.gyre.client.DataVersion;
import dev.gyre.data.dvc.DvcExporter;
import dev.gyre.data.dvc.DvcImport;
import dev.gyre.data.dvc.DvcImporter;
import dev.gyre.data.version.ContentHasher;
import dev.gyre.data.version.HashCache;
import java.io.IOException;
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

/** {@code gyre data import-dvc|export-dvc}: moving data between DVC 3 and Gyre. */
final class DataDvcCommands {

    private DataDvcCommands() {
    }

    @Command(name = "import-dvc",
            description = {"Add what a .dvc file tracks as a version of NAME: its objects are read from the DVC cache "
                    + "(the .dvc/cache of the DVC project the file is in, or --cache), every MD5 is checked, then the "
                    + "file or folder is added like `gyre data add` does."},
            footerHeading = "%nExamples:%n",
            footer = {"  gyre data import-dvc data/titanic.csv.dvc -p titanic --name passengers",
                    "  gyre data import-dvc images.dvc -p vision --name images \\",
                    "      --cache /mnt/dvc-remote",
                    "  dvc pull data/titanic.csv.dvc    # first, if the cache lacks the objects"})
    static final class ImportDvc extends DataProjectCommand {
        @Parameters(index = "0", paramLabel = "FILE.dvc", description = "The .dvc file (one output, as `dvc add` writes).")
        Path dvcFile;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "The data set to add a version to.")
        String name;

        @Option(names = "--cache", paramLabel = "FOLDER", description = "A DVC cache or local remote with the objects. Default: the project's .dvc/cache.")
        Path cache;

        @Option(names = "--format", paramLabel = "FORMAT", description = "csv, jsonl, parquet, or a name of your own for other bytes. Default: from the tracked file's extension.")
        String format;

        @Option(names = "--parent", paramLabel = "REF", description = "A version this one was made from (lineage). Repeatable.")
        List<String> parents = new ArrayList<>();

        @Option(names = "--json", description = "Print the outcome as JSON, like `gyre data add --json`.")
        boolean json;

        @Override
        void run() throws IOException {
            if (!Files.isRegularFile(dvcFile)) {
                throw new CliException("No .dvc file at " + dvcFile + "; check the path.");
            }
            Path folder = Files.createTempDirectory("gyre-dvc-");
            try {
                DvcImporter importer = new DvcImporter();
                DvcImport imported = cache == null ? importer.importFrom(dvcFile, folder)
                        : importer.importFrom(dvcFile, cache, folder);
                if (imported.outs().size() != 1) {
                    throw new CliException(dvcFile + " tracks " + imported.outs().size() + " outputs; import a .dvc file"
                            + " with one output (as `dvc add` writes), or split it.");
                }
                DvcImport.Output out = imported.outs().get(0);
                String sourceUri = "dvc:" + DataAddCommand.sourceUri(dvcFile.toString()).substring("file:".length());
                DataAdder adder = new DataAdder(data(), cli().err, cli().progress, null);
                DataAdder.Outcome outcome;
                if (out.out().isDirectory()) {
                    Map<String, Path> files = new LinkedHashMap<>();
                    out.files().forEach(f -> files.putIfAbsent(f.sha256(), f.file()));
                    outcome = adder.addDirectory(project, name, out.manifest(), files,
                            new DataAdder.Request(null, sourceUri, parents, null), out.size(), out.out().path() + "/");
                } else {
                    DvcImport.File file = out.files().get(0);
                    outcome = adder.addFile(project, name, file.file(), file.sha256(), file.size(),
                            new DataAdder.Request(format(out.out().path()), sourceUri, parents, null), file.size());
                }
                DataAddCommand.report(output(), outcome, json);
            } finally {
                TempFiles.deleteTree(folder);
            }
        }

        /** The format: --format, else the extension of the tracked path (the .dvc file's own name would not tell). */
        private String format(String trackedPath) {
            if (format != null) {
                return DataAddCommand.checkFormat(format);
            }
            String lower = trackedPath.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".csv") || lower.endsWith(".tsv") || lower.endsWith(".txt")) {
                return "csv";
            }
            if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
                return "jsonl";
            }
            if (lower.endsWith(".parquet")) {
                return "parquet";
            }
            throw new CliException("Cannot tell the format of '" + trackedPath + "' from its name: give --format csv,"
                    + " jsonl or parquet for a table, or a name of your own, such as bin, for other bytes.");
        }
    }

    @Command(name = "export-dvc",
            description = {"Write a version in DVC 3 form into FOLDER: its bytes (checked with SHA-256), a .dvc file "
                    + "describing them, and the objects in DVC's cache layout under FOLDER/.dvc/cache. Copy the .dvc "
                    + "file into a DVC repository and push the objects to its remote (or point a local remote at "
                    + "FOLDER/.dvc/cache) to use the data with DVC."},
            footerHeading = "%nExamples:%n",
            footer = {"  gyre data export-dvc passengers@2 --project titanic -o export/",
                    "  # writes export/passengers.csv, export/passengers.csv.dvc and",
                    "  # export/.dvc/cache/files/md5/…",
                    "  gyre data export-dvc images@latest -p vision -o out/"})
    static final class ExportDvc extends DataProjectCommand {
        @Parameters(index = "0", paramLabel = "REF", description = "The version: NAME@N or NAME@latest.")
        String ref;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "FOLDER", description = "The folder to write into.")
        Path folder;

        @Option(names = "--purpose", paramLabel = "PURPOSE", defaultValue = "exploration",
                description = "Why you read it: exploration (default), training, feature_fitting or validation.")
        String purpose;

        @Option(names = "--json", description = "Print what was written as JSON: ref, data, dvc_file, md5, objects_written.")
        boolean json;

        @Override
        void run() throws IOException {
            String checkedPurpose = DataGetCommand.purpose(purpose);
            DataClient data = data();
            DataVersion version = data.getVersion(project, ref);
            Files.createDirectories(folder);
            Path target = folder.resolve(version.isDirectory() ? version.name() : DataGetCommand.fileName(version));
            DataGetCommand.fetch(data, project, version, target, checkedPurpose, this);
            DvcExporter.Export export;
            try (HashCache cache = HashCache.open(hashCacheFolder())) {
                export = new DvcExporter(new ContentHasher(cache)).export(target,
                        folder.resolve(target.getFileName() + ".dvc"), folder.resolve(".dvc").resolve("cache"));
            }
            if (!export.sha256().equals(version.sha256())) {
                throw new CliException("What was written to " + target + " does not hash to " + version.ref()
                        + "'s SHA-256; it changed while it was exported. Run the command again.");
            }
            if (json) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("ref", version.ref());
                body.put("data", target.toString());
                body.put("dvc_file", export.dvcFile().toString());
                body.put("md5", export.out().md5());
                body.put("objects_written", export.objectsWritten());
                output().json(body);
                return;
            }
            output().line("Exported " + version.ref() + " to " + target + " with " + export.dvcFile() + " (md5 "
                    + export.out().md5() + "); " + export.objectsWritten() + (export.objectsWritten() == 1 ? " object" : " objects")
                    + " written under "
                    + folder.resolve(".dvc").resolve("cache") + ".");
        }
    }
}
