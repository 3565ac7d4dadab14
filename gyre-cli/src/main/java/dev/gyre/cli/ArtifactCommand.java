package dev.gyre.cli;

import dev.gyre.client.ArtifactInfo;
import dev.gyre.client.GyreClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gyre artifact …}: files in the platform's artifact store. */
@Command(name = "artifact",
        description = {"Store and fetch files (models, datasets, reports) in the platform's artifact store.",
                "Paths are relative, with / between parts, e.g. models/churn/model.bin. Every transfer is checked with SHA-256."},
        subcommands = {
                ArtifactCommand.Put.class,
                ArtifactCommand.Get.class,
                ArtifactCommand.Ls.class,
                ArtifactCommand.Rm.class,
        },
        commandListHeading = "%nCommands:%n",
        footerHeading = "%nExamples:%n",
        footer = {
                "  gyre artifact put model.bin models/churn/model.bin",
                "  gyre artifact ls models/",
                "  gyre artifact get models/churn/model.bin -o /tmp/model.bin"})
final class ArtifactCommand extends BaseCommand {

    @Command(name = "put",
            description = {"Upload a local file to PATH, replacing what was there. A PATH ending in / gets the file's name appended."},
            footerHeading = "%nExamples:%n",
            footer = {
                    "  gyre artifact put model.bin models/churn/model.bin",
                    "  # a PATH ending in / keeps the file name: reports/2026-05/report.html",
                    "  gyre artifact put report.html reports/2026-05/",
                    "  gyre artifact put data.parquet datasets/d.parquet --json"})
    static final class Put extends PlatformCommand {
        @Parameters(index = "0", paramLabel = "LOCAL", description = "The local file to upload.")
        Path local;

        @Parameters(index = "1", paramLabel = "PATH", description = "Where to store it in the artifact store.")
        String path;

        @Option(names = "--json", description = "Print the stored artifact's details as JSON.")
        boolean json;

        @Override
        void run() {
            if (!Files.isRegularFile(local)) {
                throw new CliException(Files.isDirectory(local)
                        ? local + " is a folder; upload its files one by one."
                        : "No file at " + local + ".");
            }
            if (!Files.isReadable(local)) {
                throw new CliException("Cannot read " + local + ": permission denied.");
            }
            String target = path.endsWith("/") ? path + local.getFileName() : path;
            GyreClient client = client();
            ProgressBar bar = new ProgressBar(cli().err, "put " + target, cli().progress);
            ArtifactInfo info;
            try {
                info = client.putArtifact(target, local, bar);
            } finally {
                bar.finish();
            }
            if (json) {
                output().json(info);
            } else {
                output().line("Uploaded " + local + " to " + info.path() + " (" + Output.size(info.size())
                        + ", sha256 " + info.sha256() + ").");
            }
        }
    }

    @Command(name = "get",
            description = {"Download the artifact at PATH and check its SHA-256. Writes to a file named like the artifact in "
                    + "the current folder unless -o says otherwise; `-o -` writes to standard output."},
            footerHeading = "%nExamples:%n",
            footer = {
                    "  gyre artifact get models/churn/model.bin        # writes ./model.bin",
                    "  gyre artifact get models/churn/model.bin -o /tmp/m.bin",
                    "  gyre artifact get reports/summary.csv -o - | head"})
    static final class Get extends PlatformCommand {
        @Parameters(index = "0", paramLabel = "PATH", description = "The artifact's path.")
        String path;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write it; - for standard output.")
        String output;

        @Option(names = "--json", description = "Print the downloaded artifact's details as JSON (not with -o -).")
        boolean json;

        @Override
        void run() {
            GyreClient client = client();
            if ("-".equals(output)) {
                if (json) {
                    throw new CliException("--json and -o - both write to standard output; use one of them.");
                }
                client.getArtifact(path, cli().out);
                cli().out.flush();
                return;
            }
            Path target;
            if (output != null) {
                target = Path.of(output);
                if (Files.isDirectory(target)) {
                    target = target.resolve(fileName(path));
                }
            } else {
                target = Path.of(fileName(path));
            }
            ProgressBar bar = new ProgressBar(cli().err, "get " + path, cli().progress);
            ArtifactInfo info;
            try {
                info = client.getArtifact(path, target, bar);
            } finally {
                bar.finish();
            }
            if (json) {
                output().json(info);
            } else {
                output().line("Downloaded " + path + " to " + target + " (" + Output.size(info.size())
                        + ", sha256 " + info.sha256() + ").");
            }
        }

        private static String fileName(String path) {
            String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
            String name = trimmed.substring(trimmed.lastIndexOf('/') + 1);
            if (name.isEmpty() || name.equals(".") || name.equals("..")) {
                throw new CliException("Cannot name a local file after '" + path + "'; say where to write it with -o FILE.");
            }
            return name;
        }
    }

    @Command(name = "ls",
            description = "List artifacts, all of them or those whose path starts with PREFIX.",
            footerHeading = "%nExamples:%n",
            footer = {
                    "  gyre artifact ls",
                    "  gyre artifact ls models/churn/",
                    "  gyre artifact ls --json | jq -r '.[].path'"})
    static final class Ls extends PlatformCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "PREFIX", description = "Only paths starting with this.")
        String prefix;

        @Option(names = "--json", description = "Print the artifacts as a JSON array.")
        boolean json;

        @Override
        void run() {
            List<ArtifactInfo> artifacts = client().listAllArtifacts(prefix);
            if (json) {
                output().json(artifacts);
                return;
            }
            if (artifacts.isEmpty()) {
                cli().err.println(prefix == null ? "No artifacts yet." : "No artifacts under '" + prefix + "'.");
                return;
            }
            output().table(List.of("PATH", "SIZE", "MODIFIED", "SHA256"),
                    artifacts.stream().map(a -> List.of(a.path(), Output.size(a.size()), Output.time(a.lastModified()),
                            Output.shortSha(a.sha256()))).toList());
        }
    }

    @Command(name = "rm",
            description = "Delete an artifact.",
            footerHeading = "%nExamples:%n",
            footer = {"  gyre artifact rm models/churn/old-model.bin"})
    static final class Rm extends PlatformCommand {
        @Parameters(index = "0", paramLabel = "PATH", description = "The artifact's path.")
        String path;

        @Override
        void run() {
            client().deleteArtifact(path);
            output().line("Deleted " + path + ".");
        }
    }
}
