package dev.gyre.cli;

import dev.gyre.client.GyreClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;

/** A command that talks to the platform: {@code --url} and {@code --token}. */
abstract class PlatformCommand extends BaseCommand implements Callable<Integer> {

    @Option(names = "--url", paramLabel = "URL", order = 100,
            description = "The platform's URL. Default: $GYRE_URL, else the URL `gyre login` stored, else " + GyreClient.DEFAULT_URL + ".")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", order = 101,
            description = "API token to authenticate with. Default: $GYRE_TOKEN, else the token `gyre login` stored for this URL.")
    String token;

    /** Resolves URL and token (flag, environment, stored login, default) and remembers them for error messages. */
    Endpoint endpoint() {
        Cli cli = cli();
        Endpoint endpoint = Endpoint.resolve(url, token, cli.env, CredentialStore.forEnvironment(cli.env).read());
        cli.endpoint = endpoint;
        return endpoint;
    }

    GyreClient client() {
        return endpoint().client();
    }

    /** The exit code when {@link #run} returns normally: 0 unless the command sets another (a run left waiting). */
    int exitCode;

    @Override
    public final Integer call() throws Exception {
        run();
        return exitCode;
    }

    abstract void run() throws Exception;
}
