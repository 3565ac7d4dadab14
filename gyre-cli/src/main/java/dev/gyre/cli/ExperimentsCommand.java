package dev.gyre.cli;

import dev.gyre.client.Experiment;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gyre experiments …}: tracking experiments. */
@Command(name = "experiments",
        description = "Tracking experiments (MLflow clients create them; Gyre shows those you may see).",
        subcommands = {ExperimentsCommand.ListExperiments.class},
        commandListHeading = "%nCommands:%n",
        footerHeading = "%nExamples:%n",
        footer = {"  gyre experiments list"})
final class ExperimentsCommand extends BaseCommand {

    @Command(name = "list",
            description = "List the active experiments you may see.",
            footerHeading = "%nExamples:%n",
            footer = {"  gyre experiments list", "  gyre experiments list --json | jq -r '.[].id'"})
    static final class ListExperiments extends PlatformCommand {
        @Option(names = "--json", description = "Print the experiments as a JSON array.")
        boolean json;

        @Override
        void run() {
            List<Experiment> experiments = client().listExperiments();
            if (json) {
                output().json(experiments);
                return;
            }
            output().table(List.of("ID", "NAME", "PROJECT", "CREATED"), experiments.stream()
                    .map(e -> List.of(e.id(), e.name(), e.project() == null ? "-" : e.project(), Output.time(e.createdAt())))
                    .toList());
        }
    }
}
