package dev.gyre.cli;

import static dev.gyre.client.RunningPlatform.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.client.RunningPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gyre pipeline} against a real platform. The spec's one step watches a deployment that does not exist, so
 * every run fails at its first step whatever stage handlers the platform has: start, narration, exit codes, show,
 * list, resume of a failed run, {@code --set}, file resolution and stored pipelines are all checked on that.
 */
class PipelineCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern RUN_ID = Pattern.compile("Started pipeline run (\\S+) ");

    @TempDir
    static Path home;

    @TempDir
    static Path config;

    @TempDir
    static Path work;

    static RunningPlatform platform;
    static String project;
    static Path spec;

    @BeforeAll
    static void startPlatform() throws IOException {
        platform = RunningPlatform.start(home);
        project = unique("pipes");
        platform.admin().createProject(project, null);
        Files.writeString(work.resolve("rows.csv"), "a,b\n1,2\n3,4\n");
        Files.writeString(work.resolve("settings.yaml"), "window: 1h\nthreshold: 0.2\n");
        spec = work.resolve("pipeline.yaml");
        Files.writeString(spec, """
                pipeline: watcher
                steps:
                  - id: watch
                    kind: monitor
                    params:
                      deployment: no-such-deployment
                      source: rows.csv
                      settings: settings.yaml
                      max_trials: 6
                      label: plain text
                      strict: false
                """);
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    static CliRun cli() {
        return new CliRun().env("GYRE_CONFIG_DIR", config.toString())
                .env("GYRE_URL", platform.url()).env("GYRE_TOKEN", platform.adminToken());
    }

    static CliRun.Result ok(CliRun.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    static String runId(CliRun.Result result) {
        Matcher m = RUN_ID.matcher(result.err());
        assertThat(m.find()).as(result.toString()).isTrue();
        return m.group(1);
    }

    static JsonNode show(String id) throws IOException {
        return show(id, project);
    }

    static JsonNode show(String id, String inProject) throws IOException {
        return JSON.readTree(ok(cli().run("pipeline", "show", id, "--project", inProject, "--json")).out());
    }

    @Test
    void aFailedRunExitsOneWithTheReasonTheFixAndTheSummary() throws IOException {
        CliRun.Result run = cli().run("pipeline", "run", spec.toString(), "--project", project, "--poll-ms", "20");
        String id = runId(run);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("Uploaded rows.csv").contains("Inlined settings.yaml")
                .contains("[1/1] watch FAILED")
                .contains("gyre: Pipeline run " + id + " failed")
                .contains("gyre pipeline resume " + id + " --project " + project)
                .doesNotContain("Exception");
        assertThat(run.out()).contains("STEP").contains("watch").contains("failed");
        JsonNode shown = show(id);
        assertThat(shown.path("status").asText()).isEqualTo("failed");
        assertThat(shown.path("events").size()).isPositive();
    }

    @Test
    void filesBesideTheSpecAreSentAsBlobsAndInlinedTextAndSetValuesAsYamlScalars() throws IOException {
        CliRun.Result run = cli().run("pipeline", "run", spec.toString(), "-p", project, "--poll-ms", "20",
                "--set", "watch.max_trials=24", "--set", "watch.label='7'", "--set", "watch.strict=true");
        JsonNode step = show(runId(run)).path("steps").get(0);
        JsonNode params = step.path("params");

        assertThat(params.path("source").asText()).matches("blob:[0-9a-f]{64}");
        assertThat(params.path("settings").asText()).contains("threshold: 0.2");
        assertThat(params.path("max_trials").isInt()).isTrue();
        assertThat(params.path("max_trials").asInt()).isEqualTo(24);
        assertThat(params.path("label").isTextual()).isTrue();
        assertThat(params.path("label").asText()).isEqualTo("7");
        assertThat(params.path("strict").isBoolean()).isTrue();
        assertThat(params.path("deployment").asText()).isEqualTo("no-such-deployment");
    }

    @Test
    void detachedRunsAreListedShownAndAFailedOneResumes() throws IOException {
        CliRun.Result started = ok(cli().run("pipeline", "run", spec.toString(), "-p", project, "--detach",
                "--json"));
        String id = JSON.readTree(started.out()).path("id").asText();
        assertThat(id).isNotBlank();
        JsonNode ended = show(id);
        for (int i = 0; i < 500 && ended.path("status").asText().equals("running"); i++) {
            ended = show(id);
        }
        assertThat(ended.path("status").asText()).isEqualTo("failed");

        assertThat(ok(cli().run("pipeline", "list", "-p", project)).out()).contains(id).contains("watcher")
                .contains("STATUS");
        CliRun.Result shown = ok(cli().run("pipeline", "show", id, "-p", project));
        assertThat(shown.out()).contains("Pipeline run " + id + " of 'watcher': failed").contains("EVENT")
                .contains("watch");

        CliRun.Result resumed = cli().run("pipeline", "resume", id, "-p", project, "--poll-ms", "20");
        assertThat(resumed.exitCode()).as(resumed.toString()).isEqualTo(1);
        assertThat(resumed.err()).contains("Resumed pipeline run " + id).contains("resume " + id);
        assertThat(show(id).path("events").toString()).contains("resumed");
    }

    @Test
    void storedPipelinesAreSavedListedStartedAndDeleted() throws IOException {
        String name = unique("nightly");
        CliRun.Result saved = ok(cli().run("pipeline", "save", name, spec.toString(), "-p", project,
                "--schedule", "0 3 * * *", "--on-alert", "titanic"));
        assertThat(saved.out()).contains("Saved pipeline " + name).contains("gyre pipeline start " + name);
        assertThat(ok(cli().run("pipeline", "list", "-p", project, "--saved")).out()).contains(name)
                .contains("0 3 * * *").contains("titanic");

        CliRun.Result run = cli().run("pipeline", "start", name, "-p", project, "--poll-ms", "20");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("[1/1] watch FAILED").contains("gyre pipeline resume");
        JsonNode step = show(runId(run)).path("steps").get(0);
        assertThat(step.path("params").path("max_trials").asInt()).isEqualTo(6);
        assertThat(step.path("params").path("source").asText()).startsWith("blob:");

        assertThat(ok(cli().run("pipeline", "delete", name, "-p", project)).out()).contains("Deleted pipeline "
                + name);
        assertThat(ok(cli().run("pipeline", "list", "-p", project, "--saved")).out()).doesNotContain(name);
    }

    @Test

    void aStoredPipelineStartsWithSetValuesAndARejectKeepsItsComment() throws IOException {
        String name = unique("stored");
        ok(cli().run("pipeline", "save", name, spec.toString(), "-p", project));
        CliRun.Result run = cli().run("pipeline", "start", name, "-p", project, "--poll-ms", "20",
                "--set", "watch.max_trials=12");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(show(runId(run)).path("steps").get(0).path("params").path("max_trials").asInt()).isEqualTo(12);

        CliRun.Result reject = cli().run("pipeline", "reject", runId(run), "-p", project, "--comment", "no");
        assertThat(reject.exitCode()).isEqualTo(1);
        assertThat(reject.err()).contains("not waiting");
    }

    @Test
    void mistakesAreOneLineWithTheFix() throws IOException {
        Path bad = work.resolve("bad.yaml");
        Files.writeString(bad, "pipeline: x\nsteps:\n  - id: a\n    kind: trian\n");
        CliRun.Result badSpec = cli().run("pipeline", "run", bad.toString(), "-p", project);
        assertThat(badSpec.exitCode()).isEqualTo(1);
        assertThat(badSpec.err()).startsWith("gyre: " + bad).contains("Line").contains("trian")
                .doesNotContain("Exception").satisfies(e -> assertThat(e.strip()).doesNotContain("\n"));

        CliRun.Result missing = cli().run("pipeline", "run", work.resolve("nope.yaml").toString(), "-p", project);
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("No pipeline spec file at");

        CliRun.Result badSet = cli().run("pipeline", "run", spec.toString(), "-p", project, "--set", "trian.x=1");
        assertThat(badSet.exitCode()).isEqualTo(1);
        assertThat(badSet.err()).contains("no step 'trian'").contains("watch");

        CliRun.Result unknown = cli().run("pipeline", "show", "00000000-0000-0000-0000-000000000000", "-p", project);
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).startsWith("gyre: ").doesNotContain("Exception");

        CliRun.Result failed = cli().run("pipeline", "run", spec.toString(), "-p", project, "--poll-ms", "20");
        CliRun.Result notWaiting = cli().run("pipeline", "approve", runId(failed), "-p", project);
        assertThat(notWaiting.exitCode()).isEqualTo(1);
        assertThat(notWaiting.err()).startsWith("gyre: ").satisfies(e -> assertThat(e.strip()).doesNotContain("\n"));

        assertThat(cli().run("pipeline", "run", spec.toString()).exitCode()).isEqualTo(2);
        assertThat(ok(cli().run("pipeline", "run", "--help")).out()).contains("--set STEP.PARAM=VALUE")
                .contains("gyre pipeline run titanic.yaml --project titanic").contains("Exit codes");
    }

    @Test
    void theTitanicPipelineWaitsForAnApprovalWhichFollowsItToItsDeployment() throws IOException {
        String titanic = unique("titanic");
        platform.admin().createProject(titanic, null);
        Path example = Path.of("..", "examples", "titanic").toAbsolutePath().normalize();
        ok(cli().run("project", "charter", titanic, "--set", example.resolve("charter.yaml").toString()));
        String alice = unique("alice");
        String aliceToken = platform.tokenOfNewUser(alice, "ml-engineer");
        platform.admin().addMember(titanic, alice, "ml-engineer");

        CliRun.Result run = cli().run("pipeline", "run", example.resolve("pipeline.yaml").toString(), "-p", titanic,
                "--set", "validate-model.seed=7", "--poll-ms", "50");
        String id = runId(run);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("Uploaded titanic.csv").contains("[1/10] ingest ok")
                .contains("ingest: step 'ingest' succeeded with outputs {\"dataset\":\"passengers@1\"}\n"
                        + "[1/10] ingest ok").contains("[9/10] promote ok");
        assertThat(run.out()).contains("validate-data").contains("CHECKPOINT").contains("awaits approval")
                .contains("role ml-engineer")
                .contains("gyre pipeline approve " + id + " --project " + titanic + "\n");

        CliRun.Result approved = cli().env("GYRE_TOKEN", aliceToken).run("pipeline", "approve", id, "-p", titanic,
                "--comment", "fairness table read", "--poll-ms", "50");
        assertThat(approved.exitCode()).as(approved.toString()).isZero();
        assertThat(approved.err()).contains("[10/10] deploy ok").doesNotContain("[1/10] ingest");
        assertThat(approved.out()).contains("approved").contains("deployment=titanic")
                .contains("Pipeline run " + id + " succeeded.");
        assertThat(show(id, titanic).path("status").asText()).isEqualTo("succeeded");
    }
}
