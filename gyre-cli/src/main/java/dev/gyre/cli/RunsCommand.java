package dev.gyre.cli;

import dev.gyre.client.Run;
import dev.gyre.client.RunPage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gyre runs …}: tracking runs. */
@Command(name = "runs",
        description = "Tracking runs.",
        subcommands = {RunsCommand.Search.class},
        commandListHeading = "%nCommands:%n",
        footerHeading = "%nExamples:%n",
        footer = {"  gyre runs search --experiment 1 --order-by \"metrics.rmse ASC\""})
final class RunsCommand extends BaseCommand {

    @Command(name = "search",
            description = {"Search an experiment's runs with MLflow's filter grammar; prints the latest value of each metric."},
            footerHeading = "%nExamples:%n",
            footer = {
                    "  gyre runs search --experiment 1",
                    "  gyre runs search --experiment 1 --filter \"metrics.rmse < 3\"",
                    "  gyre runs search --experiment 1 --order-by \"metrics.rmse ASC\" --max 5",
                    "  gyre runs search --experiment 1 --json | jq -r '.[].id'"})
    static final class Search extends PlatformCommand {
        @Option(names = "--experiment", required = true, paramLabel = "ID", description = "The experiment's id (`gyre experiments list`).")
        String experiment;

        @Option(names = "--filter", paramLabel = "FILTER", description = "MLflow filter, e.g. \"metrics.rmse < 3\".")
        String filter;

        @Option(names = "--order-by", paramLabel = "ORDER", description = "e.g. \"metrics.rmse ASC\"; repeat for more keys.")
        List<String> orderBy = new ArrayList<>();

        @Option(names = "--max", paramLabel = "N", description = "At most this many runs (default: all pages).")
        Integer max;

        @Option(names = "--json", description = "Print the runs as a JSON array.")
        boolean json;

        @Override
        void run() {
            List<Run> runs = new ArrayList<>();
            String token = null;
            do {
                Integer pageSize = max == null ? null : max - runs.size();
                RunPage page = client().searchRuns(experiment, filter, orderBy, pageSize, token);
                runs.addAll(page.runs());
                token = page.nextPageToken();
            } while (token != null && (max == null || runs.size() < max));
            if (json) {
                output().json(runs);
                return;
            }
            TreeSet<String> metrics = new TreeSet<>();
            runs.forEach(r -> metrics.addAll(r.metrics().keySet()));
            List<String> headers = new ArrayList<>(List.of("RUN", "NAME", "STATUS", "STARTED"));
            metrics.forEach(m -> headers.add(m.toUpperCase(Locale.ROOT)));
            output().table(headers, runs.stream().map(r -> {
                List<String> row = new ArrayList<>(List.of(r.id(), r.name() == null ? "-" : r.name(), r.status(),
                        Output.time(r.startTime())));
                metrics.forEach(m -> row.add(r.metrics().containsKey(m) ? format(r.metrics().get(m)) : "-"));
                return row;
            }).toList());
        }

        private static String format(double value) {
            return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value)
                    : String.format(Locale.ROOT, "%.6g", value);
        }
    }
}
