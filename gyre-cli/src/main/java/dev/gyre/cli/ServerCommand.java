package dev.gyre.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gyre server}: runs the platform in this process until it is stopped. */
@Command(name = "server",
        description = {"Run the Gyre platform in this process until stopped (Ctrl-C).",
                "Settings come from <home>/gyre.yaml, then GYRE_* environment variables (e.g. GYRE_PORT, GYRE_DB_PASSWORD), "
                        + "then these options. On first start an admin user is created and its token written to <home>/admin.token."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  # embedded database and artifacts under ~/.gyre, port 8080:",
                "  gyre server",
                "  gyre server --home /srv/gyre --port 9000",
                "  gyre server --host 0.0.0.0                   # listen on all interfaces",
                "  # PostgreSQL for metadata (password from the environment):",
                "  export GYRE_DB_PASSWORD=...",
                "  gyre server --db jdbc:postgresql://db:5432/gyre --db-user gyre",
                "  # artifacts in S3 (credentials from the usual AWS settings):",
                "  gyre server --artifacts s3://my-bucket/gyre",
                "",
                "Then, in another terminal:",
                "  gyre login --token \"$(cat ~/.gyre/admin.token)\""})
final class ServerCommand extends BaseCommand implements Callable<Integer> {

    @Option(names = "--home", paramLabel = "DIR",
            description = "Gyre home folder: gyre.yaml, embedded database, local artifacts, admin token. Default: $GYRE_HOME, else ~/.gyre.")
    String home;

    @Option(names = "--host", paramLabel = "HOST", description = "Interface to listen on. Default: 127.0.0.1 (this machine only).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "TCP port. Default: 8080; 0 picks a free port.")
    Integer port;

    @Option(names = "--db", paramLabel = "JDBC_URL",
            description = "Metadata database, e.g. jdbc:postgresql://host:5432/gyre. Default: embedded H2 under the home.")
    String db;

    @Option(names = "--db-user", paramLabel = "USER", description = "Database user.")
    String dbUser;

    @Option(names = "--db-password", paramLabel = "PASSWORD",
            description = "Database password. Prefer the GYRE_DB_PASSWORD environment variable: options are visible to other users of the machine.")
    String dbPassword;

    @Option(names = "--artifacts", paramLabel = "URI",
            description = "Artifact store: file:/path or s3://bucket/prefix. Default: <home>/artifacts.")
    String artifacts;

    /** The flags handed to the platform: only the options given. */
    Map<String, String> flags() {
        Map<String, String> flags = new LinkedHashMap<>();
        put(flags, "home", home);
        put(flags, "host", host);
        put(flags, "port", port == null ? null : port.toString());
        put(flags, "db", db);
        put(flags, "db_user", dbUser);
        put(flags, "db_password", dbPassword);
        put(flags, "artifacts", artifacts);
        return flags;
    }

    private static void put(Map<String, String> flags, String key, String value) {
        if (value != null) {
            flags.put(key, value);
        }
    }

    @Override
    public Integer call() throws Exception {
        cli().serverRunner.run(flags());
        return 0;
    }
}
