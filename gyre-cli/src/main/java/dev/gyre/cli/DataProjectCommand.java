package dev.gyre.cli;

import dev.gyre.client.DataClient;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** A {@code gyre data} command: works inside one project of the platform. */
abstract class DataProjectCommand extends PlatformCommand {

    @Option(names = {"-p", "--project"}, required = true, paramLabel = "PROJECT", order = 90,
            description = "The project the data belongs to (see `gyre project list`).")
    String project;

    /** The data client of the resolved platform. */
    DataClient data() {
        return client().data();
    }

    /** Where hashes of local files are remembered: {@code hash-cache} in the folder `gyre login` uses. */
    Path hashCacheFolder() {
        return CredentialStore.folder(cli().env).resolve("hash-cache");
    }

    /** A progress bar on standard error, drawn only when progress bars are on. */
    ProgressBar bar(String label) {
        return new ProgressBar(cli().err, label, cli().progress);
    }
}
