package dev.gyre.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gyre.client.GyreClient;
import dev.gyre.client.GyreClientException;
import dev.gyre.client.PipelinesClient;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gyre pipeline …}: lifecycle pipelines run on the platform, followed, approved, resumed and stored. */
@Command(name = "pipeline",
        description = {"Run the lifecycle as one pipeline on the platform: a YAML spec lists steps (ingest,"
                + " clean, train, validate-model, promote, deploy, …) with a checkpoint after any step that stops"
                + " the run, sends it back with changed parameters, or waits for a person's approval.",
                "Files the spec names beside it are sent with it: data files (a step's `source`) are uploaded as"
                        + " blobs, YAML files are inlined. Unchanged steps are reused from earlier runs.",
                "Exit codes of the commands that follow a run: 0 succeeded, 2 waiting for an approval, 1 failed,"
                        + " stopped at a checkpoint, used up its passes, rejected or interrupted."},
        subcommands = {
                PipelineCommand.Run.class,
                PipelineCommand.ListRuns.class,
                PipelineCommand.Show.class,
                PipelineCommand.Approve.class,
                PipelineCommand.Reject.class,
                PipelineCommand.Resume.class,
                PipelineCommand.Save.class,
                PipelineCommand.Start.class,
                PipelineCommand.Delete.class,
        },
        commandListHeading = "%nCommands:%n",
        footerHeading = "%nExamples:%n",
        footer = {
                "  gyre pipeline run titanic.yaml --project titanic",
                "  gyre pipeline run titanic.yaml -p titanic --set train.max_trials=24",
                "  gyre pipeline approve $RUN --project titanic",
                "  gyre pipeline resume $RUN --project titanic",
                "  gyre pipeline save nightly titanic.yaml -p titanic --schedule '0 3 * * *'",
                "  gyre pipeline list --project titanic"})
final class PipelineCommand extends BaseCommand {

    /** A pipeline command: the project, and the client. */
    abstract static class ProjectScoped extends PlatformCommand {
        @Option(names = {"-p", "--project"}, required = true, paramLabel = "PROJECT", order = 90,
                description = "The project (see `gyre project list`).")
        String project;

        PipelinesClient pipelines() {
            return client().pipelines();
        }
    }

    /** A command that starts or continues a run, then follows it unless {@code --detach}. */
    abstract static class Following extends ProjectScoped {
        @Option(names = "--detach", order = 80,
                description = "Do not follow the run; print its id and return at once.")
        boolean detach;

        @Option(names = "--json", order = 81, description = "Print the final run (with --detach, the run as"
                + " started) as JSON instead of the narration's summary.")
        boolean json;

        @Option(names = "--poll-ms", paramLabel = "MILLIS", order = 82, defaultValue = "1000",
                description = "How often to ask the platform how the run does. Default: ${DEFAULT-VALUE}.")
        long pollMillis;

        /** Follows {@code run} until it ends or waits and returns the exit code; {@code before} is what was told. */
        int follow(JsonNode run, List<String> stepOrder, JsonNode before) {
            String id = run.path("id").asText();
            if (detach) {
                if (json) {
                    output().json(run);
                } else {
                    output().line("Pipeline run " + id + " is " + run.path("status").asText() + ".");
                    output().line("Follow it with `gyre pipeline show " + id + " --project " + project + "`.");
                }
                return 0;
            }
            if (pollMillis < 10) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--poll-ms must be at least 10");
            }
            boolean unicode = cli().progress && Charset.defaultCharset().equals(StandardCharsets.UTF_8);
            PipelineNarration narration = new PipelineNarration(cli().err, stepOrder,
                    before == null ? 0 : before.path("events").size(), unicode);
            if (before != null) {
                narration.skipStepsOf(before);
            }
            JsonNode end;
            try {
                end = pipelines().await(project, id, Duration.ofMillis(pollMillis), narration);
            } catch (GyreClientException e) {
                throw new CliException(e.getMessage() + " Pipeline run " + id + " goes on on the platform: see"
                        + " `gyre pipeline show " + id + " --project " + project + "`.", e);
            }
            if (json) {
                output().json(end);
                return PipelineNarration.outcome(new Output(cli().err), cli().err, end, project);
            }
            PipelineNarration.summary(output(), end);
            output().line("");
            return PipelineNarration.outcome(output(), cli().err, end, project);
        }
    }

    @Command(name = "run",
            description = {"Run a pipeline spec on the platform and follow it: each event as it happens, a line"
                    + " per finished step, then the steps, the checkpoints' verdicts and what to do next.",
                    "The spec is checked here first (errors name the line and field). Files it names are read"
                            + " from the spec's folder: a step's `source` data file is uploaded as a blob,"
                            + " other `.yaml`/`.yml` values are inlined.",
                    "--set STEP.PARAM=VALUE replaces a parameter for this run; VALUE is read as YAML (24 is a"
                            + " number, true a boolean, '24' a text)."},
            footerHeading = "%nExamples:%n",
            footer = {"  gyre pipeline run titanic.yaml --project titanic",
                    "  gyre pipeline run titanic.yaml -p titanic \\",
                    "      --set train.max_trials=24 --set ingest.dataset=passengers",
                    "  gyre pipeline run titanic.yaml -p titanic --detach",
                    "",
                    "Exit codes: 0 succeeded, 2 waiting for an approval (the command that",
                    "approves is printed), 1 failed or stopped (the reason and the fix)."})
    static final class Run extends Following {
        @Parameters(index = "0", paramLabel = "SPEC", description = "The pipeline spec, YAML.")
        Path specFile;

        @Option(names = "--set", paramLabel = "STEP.PARAM=VALUE", order = 1,
                description = "Replace a step's parameter for this run; repeatable.")
        List<String> sets = new ArrayList<>();

        @Override
        void run() {
            PipelineSpecs.Local local = PipelineSpecs.load(specFile);
            Map<String, Map<String, Object>> overrides = PipelineSpecs.overrides(sets, local.stepIds());
            GyreClient client = client();
            String resolved = PipelineSpecs.resolve(local, client, project, cli().err);
            JsonNode run = client.pipelines().start(project, resolved, overrides);
            cli().err.println("Started pipeline run " + run.path("id").asText() + " of '" + local.spec().name()
                    + "' (" + steps(local.stepIds().size()) + ").");
            exitCode = follow(run, local.stepIds(), null);
        }
    }

    @Command(name = "list", description = "List the project's pipeline runs, newest first; with --saved, its"
            + " stored pipelines and their triggers.",
            footerHeading = "%nExamples:%n",
            footer = {"  gyre pipeline list --project titanic",
                    "  gyre pipeline list -p titanic --saved",
                    "  gyre pipeline list -p titanic --json"})
    static final class ListRuns extends ProjectScoped {
        @Option(names = "--saved", description = "List the stored pipelines instead of the runs.")
        boolean saved;

        @Option(names = "--json", description = "Print the list as a JSON array.")
        boolean json;

        @Override
        void run() {
            List<JsonNode> all = saved ? pipelines().listPipelines(project) : pipelines().list(project);
            if (json) {
                output().json(all);
                return;
            }
            if (saved) {
                output().table(List.of("NAME", "SCHEDULE", "ON ALERT", "UPDATED"), all.stream()
                        .map(p -> List.of(p.path("name").asText(), or(p.path("schedule")),
                                join(p.path("on_alert")), time(p.path("updated_at")))).toList());
                return;
            }
            output().table(List.of("ID", "PIPELINE", "STATUS", "TRIGGER", "BY", "CREATED", "REASON"), all.stream()
                    .map(r -> List.of(r.path("id").asText(), r.path("pipeline").asText(), r.path("status").asText(),
                            or(r.path("trigger")), or(r.path("started_by")), time(r.path("created_at")),
                            clip(or(r.path("reason")), 60))).toList());
        }
    }

    @Command(name = "show",
            description = "Show a run: status and reason, what it waits for, each step run (pass, status,"
                    + " duration, the run it was reused from, outputs, error), the checkpoints' verdicts and every"
                    + " event.",
            footerHeading = "%nExamples:%n",
            footer = {"  gyre pipeline show $RUN --project titanic",
                    "  gyre pipeline show $RUN -p titanic --json"})
    static final class Show extends ProjectScoped {
        @Parameters(index = "0", paramLabel = "ID", description = "The run's id.")
        String id;

        @Option(names = "--json", description = "Print the run as JSON, with params, results and logs.")
        boolean json;

        @Override
        void run() {
            JsonNode run = pipelines().get(project, id);
            if (json) {
                output().json(run);
                return;
            }
            Output out = output();
            out.line("Pipeline run " + run.path("id").asText() + " of '" + run.path("pipeline").asText() + "': "
                    + run.path("status").asText() + (PipelineNarration.text(run.path("reason")) == null ? ""
                    : " (" + Main.oneLine(run.path("reason").asText()) + ")"));
            out.line("  trigger    " + or(run.path("trigger")) + " by " + or(run.path("started_by")));
            out.line("  pass       " + run.path("iteration").asText("1")
                    + (PipelineNarration.text(run.path("next_step")) == null ? ""
                    : ", next step " + run.path("next_step").asText()));
            JsonNode awaiting = run.path("awaiting");
            if (awaiting.isObject()) {
                out.line("  awaiting   approval of '" + awaiting.path("step").asText() + "' by role "
                        + awaiting.path("role").asText());
            }
            out.line("  created    " + time(run.path("created_at")) + ", updated " + time(run.path("updated_at")));
            out.line("  spec       " + or(run.path("spec_hash")) + ", code " + or(run.path("code_version")));
            out.line("");
            PipelineNarration.summary(out, run);
            for (JsonNode s : run.path("steps")) {
                if (PipelineNarration.text(s.path("error")) != null) {
                    out.line("");
                    out.line("Step " + s.path("step").asText() + " (#" + s.path("seq").asInt() + ") failed: "
                            + s.path("error").asText());
                }
            }
            List<List<String>> events = new ArrayList<>();
            for (JsonNode e : run.path("events")) {
                events.add(List.of(time(e.path("at")), e.path("type").asText(), or(e.path("step")),
                        Main.oneLine(e.path("message").asText(""))));
            }
            if (!events.isEmpty()) {
                out.line("");
                out.table(List.of("AT", "EVENT", "STEP", "MESSAGE"), events);
            }
        }
    }

    @Command(name = "approve",
            description = {"Approve the checkpoint a waiting run awaits; the run continues and is followed"
                    + " like `gyre pipeline run` (unless --detach).",
                    "Needs the role the checkpoint names (in the project), or admin."},
            footerHeading = "%nExamples:%n",
            footer = {"  gyre pipeline approve $RUN --project titanic",
                    "  gyre pipeline approve $RUN -p titanic --comment \"AUC fine\" --detach"})
    static final class Approve extends Following {
        @Parameters(index = "0", paramLabel = "ID", description = "The waiting run's id.")
        String id;

        @Option(names = "--comment", paramLabel = "TEXT", description = "Why, kept with the run's events.")
        String comment;

        @Override
        void run() {
            JsonNode before = pipelines().get(project, id);
            JsonNode run = pipelines().approve(project, id, comment);
            cli().err.println("Approved pipeline run " + id + ".");
            exitCode = follow(run, PipelineSpecs.stepOrder(before), before);
        }
    }

    @Command(name = "reject",
            description = "Reject the checkpoint a waiting run awaits: the run ends rejected. Needs the role the"
                    + " checkpoint names (in the project), or admin.",
            footerHeading = "%nExamples:%n",
            footer = {"  gyre pipeline reject $RUN --project titanic \\",
                    "      --comment \"recall on minors too low\""})
    static final class Reject extends ProjectScoped {
        @Parameters(index = "0", paramLabel = "ID", description = "The waiting run's id.")
        String id;

        @Option(names = "--comment", required = true, paramLabel = "TEXT", description = "Why, kept with the run.")
        String comment;

        @Option(names = "--json", description = "Print the run as JSON.")
        boolean json;

        @Override
        void run() {
            JsonNode run = pipelines().reject(project, id, comment);
            if (json) {
                output().json(run);
            } else {
                output().line("Pipeline run " + id + " is " + run.path("status").asText() + ".");
            }
        }
    }

    @Command(name = "resume",
            description = "Continue a failed or interrupted run where it stopped (the steps before are kept),"
                    + " and follow it like `gyre pipeline run` (unless --detach).",
            footerHeading = "%nExamples:%n",
            footer = {"  gyre pipeline resume $RUN --project titanic",
                    "  gyre pipeline resume $RUN -p titanic --detach"})
    static final class Resume extends Following {
        @Parameters(index = "0", paramLabel = "ID", description = "The failed or interrupted run's id.")
        String id;

        @Override
        void run() {
            JsonNode before = pipelines().get(project, id);
            JsonNode run = pipelines().resume(project, id);
            cli().err.println("Resumed pipeline run " + id + ".");
            exitCode = follow(run, PipelineSpecs.stepOrder(before), before);
        }
    }

    @Command(name = "save",
            description = {"Store a pipeline spec under NAME in the project (replacing one of that name), with"
                    + " its triggers: a cron schedule (five fields, UTC) and deployments whose retraining alerts"
                    + " start it. Files are resolved as for `gyre pipeline run`.",
                    "Start it by hand with `gyre pipeline start NAME`."},
            footerHeading = "%nExamples:%n",
            footer = {"  gyre pipeline save titanic titanic.yaml --project titanic",
                    "  gyre pipeline save nightly titanic.yaml -p titanic \\",
                    "      --schedule '0 3 * * *' --on-alert titanic"})
    static final class Save extends ProjectScoped {
        @Parameters(index = "0", paramLabel = "NAME", description = "The stored pipeline's name.")
        String name;

        @Parameters(index = "1", paramLabel = "SPEC", description = "The pipeline spec, YAML.")
        Path specFile;

        @Option(names = "--schedule", paramLabel = "CRON", description = "Start it on this cron schedule (UTC).")
        String schedule;

        @Option(names = "--on-alert", paramLabel = "DEPLOYMENT",
                description = "Start it when a retraining alert of this deployment fires; repeatable.")
        List<String> onAlert = new ArrayList<>();

        @Option(names = "--json", description = "Print the stored pipeline as JSON.")
        boolean json;

        @Override
        void run() {
            PipelineSpecs.Local local = PipelineSpecs.load(specFile);
            GyreClient client = client();
            String resolved = PipelineSpecs.resolve(local, client, project, cli().err);
            JsonNode saved = client.pipelines().put(project, name, resolved, schedule, onAlert);
            if (json) {
                output().json(saved);
                return;
            }
            output().line("Saved pipeline " + name + " (" + steps(local.stepIds().size())
                    + (schedule == null ? "" : ", schedule " + schedule)
                    + (onAlert.isEmpty() ? "" : ", on alerts of " + String.join(", ", onAlert)) + ").");
            output().line("Start it with `gyre pipeline start " + name + " --project " + project + "`.");
        }
    }

    @Command(name = "start",
            description = "Start a run of a stored pipeline and follow it like `gyre pipeline run` (unless"
                    + " --detach).",
            footerHeading = "%nExamples:%n",
            footer = {"  gyre pipeline start titanic --project titanic",
                    "  gyre pipeline start titanic -p titanic --set train.max_trials=24"})
    static final class Start extends Following {
        @Parameters(index = "0", paramLabel = "NAME", description = "The stored pipeline.")
        String name;

        @Option(names = "--set", paramLabel = "STEP.PARAM=VALUE", order = 1,
                description = "Replace a step's parameter for this run; repeatable.")
        List<String> sets = new ArrayList<>();

        @Override
        void run() {
            List<String> order = List.of();
            for (JsonNode stored : pipelines().listPipelines(project)) {
                if (name.equals(stored.path("name").asText())) {
                    order = PipelineSpecs.stepOrder(stored);
                }
            }
            JsonNode run = pipelines().run(project, name, PipelineSpecs.overrides(sets, order));
            cli().err.println("Started pipeline run " + run.path("id").asText() + " of '" + name + "'.");
            exitCode = follow(run, order, null);
        }
    }

    @Command(name = "delete", description = "Delete a stored pipeline and its triggers; its runs stay.",
            footerHeading = "%nExamples:%n", footer = {"  gyre pipeline delete nightly --project titanic"})
    static final class Delete extends ProjectScoped {
        @Parameters(index = "0", paramLabel = "NAME", description = "The stored pipeline.")
        String name;

        @Override
        void run() {
            pipelines().delete(project, name);
            output().line("Deleted pipeline " + name + ".");
        }
    }

    private static String clip(String text, int width) {
        String line = Main.oneLine(text);
        return line.length() <= width ? line : line.substring(0, width - 1) + "…";
    }

    private static String steps(int n) {
        return n == 1 ? "1 step" : n + " steps";
    }

    /** An ISO instant of the API to the second, or the text as it is when it is not one. */
    private static String time(JsonNode node) {
        String text = PipelineNarration.text(node);
        try {
            return text == null ? "-" : Output.time(java.time.Instant.parse(text));
        } catch (java.time.format.DateTimeParseException e) {
            return text;
        }
    }

    private static String or(JsonNode node) {
        String text = PipelineNarration.text(node);
        return text == null ? "-" : text;
    }

    private static String join(JsonNode array) {
        List<String> parts = new ArrayList<>();
        array.forEach(n -> parts.add(n.asText()));
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }
}
