package dev.gyre.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The Gyre home of {@code gyre quickstart}: a new folder (by default under the system's temporary folder), with
 * settings for a quick monitoring loop in {@code gyre.yaml} and, in {@code alerts.yaml}, a drift rule that asks
 * for retraining. The story needs a platform with nothing in it yet, so a folder that already holds anything is
 * refused with the fix rather than reused.
 */
final class QuickstartHome {

    /** Monitoring settings for a loop of seconds rather than hours (docs/server.md). */
    static final String SETTINGS = """
            # Written by gyre quickstart: a short monitoring loop so that drift shows within seconds.
            monitoring_window: 5s
            monitoring_interval: 5s
            monitoring_min_rows: 30
            """;

    /**
     * The administrator's alert rules (docs/monitoring.md): dataset drift on any deployment of this platform (the
     * quickstart's only one is {@code titanic}) fires at once and asks for a retraining run.
     */
    static final String ALERTS = """
            # Written by gyre quickstart: dataset drift (a third of the input columns) fires at once and asks for
            # retraining; the stored pipeline 'titanic' lists deployment 'titanic' in on_alert, so it runs.
            rules:
              - {name: dataset_drift, metric: drift_share, comparison: '>=', threshold: 0.3, window: 0, for: 0,
                 severity: warning, retrain: true}
            """;

    private QuickstartHome() {
    }

    /**
     * Prepares {@code requested} (created when missing), or a new folder under the system's temporary folder when
     * it is null.
     *
     * @throws CliException when the folder holds a platform or anything else, or cannot be written
     */
    static Path prepare(String requested) {
        Path home;
        try {
            if (requested == null) {
                home = Files.createTempDirectory("gyre-quickstart-");
            } else {
                home = Path.of(requested).toAbsolutePath().normalize();
                refuseUnlessEmpty(home);
                Files.createDirectories(home);
            }
            Files.writeString(home.resolve("gyre.yaml"), SETTINGS);
            Files.writeString(home.resolve("alerts.yaml"), ALERTS);
        } catch (IOException e) {
            throw new CliException("Cannot prepare the quickstart's Gyre home: " + e.getMessage()
                    + ". Pass a folder you can write with --home.", e);
        }
        return home;
    }

    /** Refuses a folder that holds anything: a platform's home above all. */
    static void refuseUnlessEmpty(Path home) throws IOException {
        if (!Files.exists(home)) {
            return;
        }
        if (!Files.isDirectory(home)) {
            throw new CliException(home + " is a file, not a folder. Pass a new folder with --home.");
        }
        if (Files.exists(home.resolve("admin.token")) || Files.exists(home.resolve("db"))) {
            throw new CliException(home + " already holds a Gyre platform. The quickstart tells its story on an empty"
                    + " platform: pass a new folder with --home (or leave --home out for a new temporary one), or"
                    + " run that platform with `gyre server --home " + home + "`.");
        }
        try (Stream<Path> entries = Files.list(home)) {
            if (entries.findAny().isPresent()) {
                throw new CliException(home + " is not empty. Pass a new or empty folder with --home (or leave --home"
                        + " out for a new temporary one).");
            }
        }
    }
}
