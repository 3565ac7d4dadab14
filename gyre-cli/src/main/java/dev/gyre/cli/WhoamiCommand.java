package dev.gyre.cli;

import dev.gyre.client.User;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gyre whoami}. */
@Command(name = "whoami",
        description = "Show who the current token belongs to, and on which platform.",
        footerHeading = "%nExamples:%n",
        footer = {
                "  gyre whoami",
                "  gyre whoami --json",
                "  gyre whoami --url http://gyre.example.com:8080 --token \"$TOKEN\""})
final class WhoamiCommand extends PlatformCommand {

    @Option(names = "--json", description = "Print the user as JSON.")
    boolean json;

    @Override
    void run() {
        Endpoint endpoint = endpoint();
        User me = endpoint.client().whoami();
        if (json) {
            output().json(me);
        } else {
            output().line(me.username() + " (role " + me.role() + ") at " + endpoint.url()
                    + (endpoint.tokenSource() == null ? "" : ", token from " + endpoint.tokenSource()));
        }
    }
}
