package dev.gyre.cli;

import dev.gyre.client.DataClient;
import dev.gyre.client.DataVersion;
import dev.gyre.data.version.DirectoryManifest;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gyre data get}: a version's bytes, checked with SHA-256. */
@Command(name = "get",
        description = {"Download a version's bytes, checked with SHA-256, into PATH (a folder version into the folder "
                + "PATH). A failed download leaves no partial file behind.",
                "Say why you read it with --purpose: a test split is sealed and only readable for validation, and a "
                        + "version that failed validation is not readable for training without an override."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  gyre data get passengers@2 -o passengers.csv --project titanic",
                "  gyre data get passengers-train@1 -o train.csv -p titanic --purpose training",
                "  gyre data get images@latest -o images/ -p vision    # a folder version",
                "  gyre data get passengers@2 -o - -p titanic | head    # to standard output"})
final class DataGetCommand extends DataProjectCommand {

    static final List<String> PURPOSES = List.of("exploration", "training", "feature_fitting", "validation");

    @Parameters(index = "0", paramLabel = "REF", description = "The version: NAME@N or NAME@latest.")
    String ref;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "PATH",
            description = "Where to write: a file (an existing folder gets NAME.FORMAT in it), a folder for a folder version, - for standard output.")
    String output;

    @Option(names = "--purpose", paramLabel = "PURPOSE", defaultValue = "exploration",
            description = "Why you read it: exploration (default), training, feature_fitting or validation.")
    String purpose;

    @Option(names = "--json", description = "Print what was written as JSON: ref, path, size, sha256, files.")
    boolean json;

    @Override
    void run() {
        String checkedPurpose = purpose(purpose);
        DataClient data = data();
        DataVersion version = data.getVersion(project, ref);
        if ("-".equals(output)) {
            if (version.isDirectory()) {
                throw new CliException(version.ref() + " is a folder version; download it into a folder with -o FOLDER.");
            }
            if (json) {
                throw new CliException("--json and -o - both write to standard output; use one of them.");
            }
            data.download(project, version.ref(), checkedPurpose, null, cli().out, null);
            cli().out.flush();
            return;
        }
        Path target = Path.of(output);
        if (!version.isDirectory() && Files.isDirectory(target)) {
            target = target.resolve(fileName(version));
        }
        Fetched fetched = fetch(data, project, version, target, checkedPurpose, this);
        if (json) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ref", version.ref());
            body.put("path", target.toString());
            body.put("size", fetched.bytes());
            body.put("sha256", version.sha256());
            body.put("files", fetched.files());
            output().json(body);
        } else {
            output().line("Downloaded " + version.ref() + " to " + target + " (" + (version.isDirectory()
                    ? fetched.files() + (fetched.files() == 1 ? " file, " : " files, ") : "") + Output.size(fetched.bytes())
                    + ", sha256 " + version.sha256() + ").");
        }
    }

    /** What a download wrote. */
    record Fetched(long bytes, int files) {
    }

    /**
     * Downloads a version: a file version to the file {@code target}, a folder version's files below the folder
     * {@code target}, each checked with SHA-256.
     */
    static Fetched fetch(DataClient data, String project, DataVersion version, Path target, String purpose,
                         DataProjectCommand command) {
        if (!version.isDirectory()) {
            ProgressBar bar = command.bar("get " + version.ref());
            try {
                return new Fetched(data.download(project, version.ref(), purpose, null, target, bar).size(), 1);
            } finally {
                bar.finish();
            }
        }
        ByteArrayOutputStream manifestBytes = new ByteArrayOutputStream();
        data.download(project, version.ref(), purpose, null, manifestBytes, null);
        DirectoryManifest manifest = DirectoryManifest.parse(manifestBytes.toByteArray());
        if (!manifest.sha256().equals(version.sha256())) {
            throw new CliException("The manifest of " + version.ref() + " does not hash to the version's SHA-256; "
                    + "download it again.");
        }
        ProgressBar bar = command.bar("get " + version.ref());
        long total = manifest.totalSize();
        long done = 0;
        try {
            for (DirectoryManifest.Entry entry : manifest.files()) {
                long offset = done;
                Path file = target.resolve(entry.path());
                done += data.download(project, version.ref(), purpose, entry.path(), file,
                        (bytes, size) -> bar.progress(offset + bytes, total)).size();
            }
        } finally {
            bar.finish();
        }
        return new Fetched(done, manifest.files().size());
    }

    /** The local name of a file version: {@code NAME.FORMAT}. */
    static String fileName(DataVersion version) {
        return version.format() == null || version.format().equals("directory") ? version.name()
                : version.name() + "." + version.format();
    }

    static String purpose(String purpose) {
        String wanted = purpose.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        if (!PURPOSES.contains(wanted)) {
            throw new CliException("Unknown purpose '" + purpose + "': use --purpose " + String.join(", ", PURPOSES) + ".");
        }
        return wanted;
    }
}
