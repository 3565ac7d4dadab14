package dev.gyre.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gyre alerts …}: the alert rules' states and their latest events. */
@Command(name = "alerts",
        description = {"Alerts on deployments: each deployment's rules (its charter's success metric, dataset drift"
                + " share, outlier rate, latency p99, error rate, and the administrator's rules in alerts.yaml) are"
                + " evaluated every monitoring interval; an alert fires once its condition has held for its"
                + " duration and resolves when it no longer holds."},
        subcommands = {AlertsCommand.ListAlerts.class},
        commandListHeading = "%nCommands:%n",
        footerHeading = "%nExamples:%n",
        footer = {"  gyre alerts list", "  gyre alerts list --deployment titanic --json"})
final class AlertsCommand extends BaseCommand {

    @Command(name = "list", description = "List the rules' states (firing first) and the latest firing and"
            + " resolved events.",
            footerHeading = "%nExamples:%n", footer = {"  gyre alerts list", "  gyre alerts list --deployment titanic"})
    static final class ListAlerts extends PlatformCommand {
        @Option(names = "--deployment", paramLabel = "NAME", description = "Only this deployment's alerts.")
        String deployment;

        @Option(names = "--json", description = "Print the answer as JSON.")
        boolean json;

        @Override
        void run() {
            JsonNode alerts = client().monitoring().alerts(deployment);
            if (json) {
                output().json(alerts);
                return;
            }
            List<List<String>> rules = new ArrayList<>();
            for (JsonNode r : alerts.path("rules")) {
                rules.add(List.of(r.path("deployment").asText(), r.path("rule").asText(), r.path("metric").asText()
                        + " " + r.path("comparison").asText() + " " + MonitorCommand.number(r.path("threshold")),
                        r.path("status").asText(), MonitorCommand.number(r.path("value")), r.path("severity").asText()));
            }
            if (rules.isEmpty()) {
                output().line("No alert rule was evaluated yet (they are evaluated every monitoring interval once a"
                        + " deployment exists).");
            } else {
                output().table(List.of("DEPLOYMENT", "RULE", "CONDITION", "STATUS", "LAST VALUE", "SEVERITY"), rules);
            }
            List<List<String>> events = new ArrayList<>();
            for (JsonNode e : alerts.path("events")) {
                events.add(List.of(e.path("at").asText(), e.path("deployment").asText(), e.path("rule").asText(),
                        e.path("status").asText(), MonitorCommand.number(e.path("value"))));
            }
            if (!events.isEmpty()) {
                output().line("");
                output().table(List.of("AT", "DEPLOYMENT", "RULE", "EVENT", "VALUE"), events);
            }
        }
    }
}
