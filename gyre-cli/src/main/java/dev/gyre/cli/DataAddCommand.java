package dev.gyre.cli;

import dev.gyre.client.DataIngestOptions;
import dev.gyre.client.DataVersion;
import dev.gyre.core.table.ColumnType;
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

/** {@code gyre data add}: a file, folder, S3 object or SQL query result as a new version of a data set. */
@Command(name = "add",
        description = {"Add a file, a folder, an S3 object or the result of a SQL query as a version of the data set NAME.",
                "The bytes are hashed locally (unchanged files are not read again), only blobs the platform lacks "
                        + "are uploaded, and the platform profiles the version. Content NAME already has returns "
                        + "the existing version and uploads nothing.",
                "A file is read as csv, jsonl or parquet (by extension, or --format); a folder becomes a directory "
                        + "version of all its files; a query (jdbc:postgresql://… with --query) runs here and its result "
                        + "is added as CSV, with the database's column types."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  gyre data add titanic.csv --project titanic --name passengers",
                "  gyre data add people.csv -p crm --name people --delimiter ';' \\",
                "      --encoding windows-1252",
                "  gyre data add rows.txt -p crm --name rows --format csv --no-header \\",
                "      --type col_3=categorical",
                "  gyre data add images/ -p vision --name images          # a folder",
                "  gyre data add fixed.csv -p titanic --name passengers --parent passengers@1",
                "  gyre data add s3://bucket/raw/titanic.csv -p titanic --name passengers",
                "  gyre data add s3://b/k.csv -p t --name k --s3-endpoint http://127.0.0.1:9000",
                "  PGPASSWORD=… gyre data add jdbc:postgresql://db:5432/crm -p churn \\",
                "      --name customers --db-user analyst \\",
                "      --query \"SELECT * FROM customers WHERE active\"",
                "",
                "S3: credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (else the",
                "AWS default chain), region from AWS_REGION; --s3-endpoint (or AWS_ENDPOINT_URL)",
                "for S3-compatible servers.",
                "Databases: --db-user and --db-password, else PGUSER and PGPASSWORD; prefer the",
                "environment, other users of the machine can see a process's options. The",
                "version records the URL without credentials as its source."})
final class DataAddCommand extends DataProjectCommand {

    private static final List<String> TYPES = List.of("numeric", "categorical", "text", "boolean", "timestamp");

    @Parameters(index = "0", paramLabel = "SOURCE", description = "A file, a folder, s3://BUCKET/KEY, or a jdbc:postgresql://… URL.")
    String source;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The data set to add a version to.")
    String name;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "csv, jsonl or parquet (parsed and profiled), or a name of your own (e.g. bin) for bytes kept as they are. Default: from the file's extension.")
    String format;

    @Option(names = "--delimiter", paramLabel = "CHAR", description = "CSV field separator: , ; | or tab. Default: tab for .tsv, else comma.")
    String delimiter;

    @Option(names = "--no-header", description = "The CSV file has no header row; columns are named col_1, col_2, …")
    boolean noHeader;

    @Option(names = "--encoding", paramLabel = "CHARSET", description = "Character set of CSV or JSON lines text. Default: UTF-8.")
    String encoding;

    @Option(names = "--type", paramLabel = "COLUMN=TYPE", mapFallbackValue = "",
            description = "Pin a column's type instead of inferring it: numeric, categorical, text, boolean, timestamp. Repeatable.")
    Map<String, String> types = new LinkedHashMap<>();

    @Option(names = "--sample-rows", paramLabel = "N", description = "Rows read before the schema is decided. Default: 10000.")
    Integer sampleRows;

    @Option(names = "--parent", paramLabel = "REF", description = "A version this one was made from (lineage). Repeatable.")
    List<String> parents = new ArrayList<>();

    @Option(names = "--s3-endpoint", paramLabel = "URL", description = "Endpoint of an S3-compatible server, for s3:// sources.")
    String s3Endpoint;

    @Option(names = "--query", paramLabel = "SQL", description = "For a jdbc: source: the SELECT whose result to add.")
    String query;

    @Option(names = "--db-user", paramLabel = "USER", description = "For a jdbc: source: the database user. Default: $PGUSER.")
    String dbUser;

    @Option(names = "--db-password", paramLabel = "PASSWORD", description = "For a jdbc: source: the password. Default: $PGPASSWORD.")
    String dbPassword;

    @Option(names = "--json", description = "Print the outcome as JSON: created, version, uploaded_bytes, uploaded_blobs, hashed_bytes.")
    boolean json;

    @Override
    void run() throws IOException {
        DataIngestOptions options = ingestOptions();
        String checkedFormat = format();
        if (S3Source.matches(source)) {
            S3Source object = S3Source.parse(source);
            Path folder = Files.createTempDirectory("gyre-data-");
            try {
                Path file = object.download(folder, s3Endpoint, cli().env, bar("download " + object.fileName()));
                DataAdder adder = new DataAdder(data(), cli().err, cli().progress, null);
                report(output(), adder.add(project, name, file, new DataAdder.Request(checkedFormat, object.uri(),
                        parents, options)), json);
            } finally {
                TempFiles.deleteTree(folder);
            }
            return;
        }
        if (s3Endpoint != null) {
            throw new CliException("--s3-endpoint is only for s3:// sources.");
        }
        if (JdbcSource.matches(source)) {
            addQuery(new JdbcSource(source), checkedFormat, options);
            return;
        }
        if (query != null || dbUser != null || dbPassword != null) {
            throw new CliException("--query, --db-user and --db-password are only for jdbc: sources, e.g."
                    + " jdbc:postgresql://HOST:5432/DATABASE.");
        }
        Path path = Path.of(source);
        if (!Files.exists(path)) {
            throw new CliException("No file or folder at " + source + " (relative paths start from the current folder);"
                    + " check the path.");
        }
        if (Files.isDirectory(path) && (checkedFormat != null || !options.isDefault())) {
            throw new CliException(source + " is a folder: its files are versioned as they are, so --format,"
                    + " --delimiter, --no-header, --encoding, --type and --sample-rows do not apply.");
        }
        DataAdder adder = new DataAdder(data(), cli().err, cli().progress, hashCacheFolder());
        report(output(), adder.add(project, name, path, new DataAdder.Request(checkedFormat, sourceUri(source),
                parents, options)), json);
    }

    private void addQuery(JdbcSource jdbc, String checkedFormat, DataIngestOptions checked) throws IOException {
        if (query == null || query.isBlank()) {
            throw new CliException("A jdbc: source needs --query with the SELECT to run, e.g. --query \"SELECT * FROM"
                    + " customers\".");
        }
        if ((checkedFormat != null && !checkedFormat.equals("csv")) || delimiter != null || noHeader || encoding != null) {
            throw new CliException("A query result is always added as UTF-8 CSV with a header: leave out --format,"
                    + " --delimiter, --no-header and --encoding.");
        }
        Map<String, ColumnType> overrides = new LinkedHashMap<>();
        if (checked.types() != null) {
            checked.types().forEach((column, type) -> overrides.put(column, ColumnType.fromWireName(type)));
        }
        Path folder = Files.createTempDirectory("gyre-data-");
        try {
            String user = dbUser != null ? dbUser : cli().env.get("PGUSER");
            String password = dbPassword != null ? dbPassword : cli().env.get("PGPASSWORD");
            JdbcSource.Result result = jdbc.toCsv(folder, user, password, query, overrides);
            DataIngestOptions options = new DataIngestOptions(null, null, null, result.types(), sampleRows);
            DataAdder adder = new DataAdder(data(), cli().err, cli().progress, null);
            report(output(), adder.add(project, name, result.file(), new DataAdder.Request("csv", jdbc.redacted(),
                    parents, options)), json);
        } finally {
            TempFiles.deleteTree(folder);
        }
    }

    /** {@code file:} and the path as given, with / between folders. */
    static String sourceUri(String path) {
        String posix = path.replace('\\', '/');
        while (posix.length() > 1 && posix.endsWith("/")) {
            posix = posix.substring(0, posix.length() - 1);
        }
        return "file:" + posix;
    }

    private String format() {
        return format == null ? null : checkFormat(format);
    }

    /** A format as typed: csv, jsonl or parquet, or a short name of one's own for bytes kept as they are. */
    static String checkFormat(String format) {
        String lower = format.strip().toLowerCase(Locale.ROOT);
        if (lower.equals("directory") || !lower.matches("[a-z0-9][a-z0-9_.-]{0,31}")) {
            throw new CliException("Unknown format '" + format + "': use --format csv, jsonl or parquet for tables"
                    + " (parsed and profiled), or a short name of your own, such as bin, for bytes kept as they are.");
        }
        return lower;
    }

    DataIngestOptions ingestOptions() {
        Map<String, String> checkedTypes = new LinkedHashMap<>();
        types.forEach((column, type) -> {
            String lower = type == null ? "" : type.strip().toLowerCase(Locale.ROOT);
            if (column.isBlank() || !TYPES.contains(lower)) {
                throw new CliException("--type " + column + "=" + type + " is not a column and a type: use --type"
                        + " COLUMN=TYPE with TYPE one of " + String.join(", ", TYPES) + ".");
            }
            checkedTypes.put(column, lower);
        });
        if (sampleRows != null && sampleRows < 1) {
            throw new CliException("--sample-rows must be at least 1.");
        }
        return new DataIngestOptions(delimiter(), noHeader ? Boolean.FALSE : null, encoding, checkedTypes, sampleRows);
    }

    private String delimiter() {
        if (delimiter == null) {
            return null;
        }
        return switch (delimiter) {
            case ",", ";", "|", "\t" -> delimiter;
            case "tab", "TAB", "\\t" -> "\t";
            default -> throw new CliException("The delimiter '" + delimiter + "' is not supported: use --delimiter with"
                    + " one of , ; | tab.");
        };
    }

    /** Prints what an add did. */
    static void report(Output output, DataAdder.Outcome outcome, boolean json) {
        DataVersion version = outcome.result().version();
        if (json) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("created", outcome.result().created());
            body.put("version", version);
            body.put("uploaded_bytes", outcome.bytesUploaded());
            body.put("uploaded_blobs", outcome.blobsUploaded());
            body.put("hashed_bytes", outcome.bytesHashed());
            output.json(body);
            return;
        }
        String uploaded = outcome.blobsUploaded() == 0 ? "nothing uploaded"
                : "uploaded " + Output.size(outcome.bytesUploaded()) + " in " + outcome.blobsUploaded()
                        + (outcome.blobsUploaded() == 1 ? " blob" : " blobs");
        if (outcome.result().created()) {
            output.line("Added " + version.ref() + ": " + DataFormat.shape(version) + " (sha256 "
                    + Output.shortSha(version.sha256()) + "); " + uploaded + ".");
        } else {
            output.line("Unchanged: " + version.ref() + " has this content already (sha256 "
                    + Output.shortSha(version.sha256()) + "); no new version, " + uploaded + ".");
        }
    }
}
