package dev.gyre.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.client.GyreClient;
import dev.gyre.client.RunningPlatform;
import dev.gyre.pipelines.StepDescription;
import dev.gyre.pipelines.StepKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gyre step run}, the entry point of executors that run steps elsewhere: a step of a run the platform made is
 * executed again from its serialised description against the platform's stores (the platform stopped, as the
 * embedded database allows one process), acting as the run's user; the result comes out as JSON with the exit code.
 */
class StepCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @TempDir
    Path work;

    @Test
    void aStepRunsFromItsDescriptionAndPrintsItsResult() throws Exception {
        JsonNode validate;
        String runId;
        try (RunningPlatform platform = RunningPlatform.start(home)) {
            GyreClient admin = platform.admin();
            admin.createProject("steps", null);
            byte[] csv = "a,b\n1,2\n3,4\n5,6\n".getBytes(StandardCharsets.UTF_8);
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(csv));
            admin.data().uploadBlob("steps", sha, csv);
            String spec = """
                    pipeline: rows
                    steps:
                      - {id: ingest, kind: ingest, params: {source: "blob:%s", dataset: rows}}
                      - id: check
                        kind: validate-data
                        params: {suite: "name: rows\\nexpectations:\\n  - {expect: row_count_between, min: 2}\\n"}
                    """.formatted(sha);
            JsonNode run = admin.pipelines().start("steps", spec, Map.of());
            runId = run.path("id").asText();
            run = admin.pipelines().await("steps", runId, Duration.ofMillis(50), r -> { });
            assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
            validate = run.path("steps").get(1);
        }

        StepDescription description = new StepDescription(runId, "check", StepKind.VALIDATE_DATA,
                JSON.convertValue(validate.path("params"), Map.class), JSON.convertValue(validate.path("inputs"),
                Map.class), "worker-test");
        Path file = work.resolve("step.json");
        Files.writeString(file, description.toJson());
        CliRun.Result result = new CliRun().run("step", "run", "--step-json", file.toString(), "--home",
                home.toString());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode printed = JSON.readTree(result.out());
        assertThat(printed.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(printed.path("outputs").path("dataset").asText()).isEqualTo("rows@1");
        assertThat(printed.path("results").path("report").path("success").asBoolean()).isTrue();

        // a step whose suite fails: exit 1, the result still printed
        StepDescription failing = new StepDescription(runId, "check", StepKind.VALIDATE_DATA,
                Map.of("suite", "name: rows\nexpectations:\n  - {expect: row_count_between, min: 100}\n"),
                description.inputs(), "worker-test");
        CliRun.Result failed = new CliRun().stdin(failing.toJson()).run("step", "run", "--step-json", "-", "--home",
                home.toString());
        assertThat(JSON.readTree(failed.out()).path("results").path("report").path("success").asBoolean()).isFalse();

        // a run the platform does not know: a clear error, no stack trace
        StepDescription stranger = new StepDescription("no-such-run", "check", StepKind.VALIDATE_DATA,
                description.params(), description.inputs(), "worker-test");
        Files.writeString(file, stranger.toJson());
        CliRun.Result unknown = new CliRun().run("step", "run", "--step-json", file.toString(), "--home",
                home.toString());
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("no-such-run").contains("no project context").doesNotContain("\tat ");
        CliRun.Result bad = new CliRun().stdin("not json").run("step", "run", "--step-json", "-", "--home",
                home.toString());
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err()).doesNotContain("\tat ");
    }
}
