package dev.gyre.cli;

import dev.gyre.client.GyreClient;
import dev.gyre.client.GyreClientException;
import dev.gyre.client.Health;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gyre version}: the client's version, and the platform's when it is reachable. */
@Command(name = "version",
        description = {"Show the version of this gyre command, and of the platform if it is reachable.",
                "Never fails because the platform is down: it then says so."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  gyre version",
                "  gyre version --url http://gyre.example.com:8080",
                "  gyre version --json"})
final class VersionCommand extends PlatformCommand {

    @Option(names = "--json", description = "Print the versions as JSON.")
    boolean json;

    @Override
    void run() {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("client", GyreClient.version());
        String platform = null;
        String problem = null;
        String url = null;
        try {
            Endpoint endpoint = endpoint();
            url = endpoint.url();
            Health health = endpoint.client().health();
            platform = health.version();
        } catch (GyreClientException e) {
            problem = e.isUnreachable() ? "not reachable" : Main.oneLine(e.getMessage());
        }
        result.put("url", url);
        result.put("platform", platform);
        if (json) {
            output().json(result);
            return;
        }
        output().line("gyre " + GyreClient.version());
        if (platform != null) {
            output().line("platform " + platform + " at " + url);
        } else {
            output().line("platform: " + problem + (url == null ? "" : " (" + url + ")"));
        }
    }
}
