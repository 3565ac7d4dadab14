package dev.gyre.cli;

import static dev.gyre.client.RunningPlatform.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.client.RunningPlatform;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gyre deploy} against a real platform: two Titanic versions trained, validated and deployed. */
class DeployCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path EXAMPLE = Path.of("..", "examples", "titanic").toAbsolutePath().normalize();

    @TempDir
    static Path home;

    @TempDir
    static Path config;

    @TempDir
    static Path work;

    static RunningPlatform platform;
    static String model;

    @BeforeAll
    static void trainValidateAndAlias() throws IOException {
        platform = RunningPlatform.start(home);
        String project = unique("titanic");
        model = unique("titanic-model");
        platform.admin().createProject(project, null);
        Path spec = work.resolve("train.yaml");
        Files.writeString(spec, Files.readString(EXAMPLE.resolve("train.yaml"))
                .replace("validation: {folds: 5}", "validation: {folds: 3}")
                .replace("max_trials: 12, parallelism: 2", "max_trials: 2, parallelism: 1"));
        CliRun setup = cli();
        ok(setup.run("project", "charter", project, "--set", EXAMPLE.resolve("charter.yaml").toString()));
        ok(setup.run("data", "add", EXAMPLE.resolve("titanic.csv").toString(), "-p", project, "--name", "passengers"));
        ok(setup.run("data", "split", "passengers@1", "-p", project, "--method", "stratified", "--column", "Survived",
                "--train", "0.8", "--test", "0.2", "--seed", "42"));
        for (int version = 1; version <= 2; version++) {
            ok(setup.run("train", "--spec", spec.toString(), "--data", "passengers-train@1", "-p", project,
                    "--register", model, "--poll-ms", "100"));
            CliRun.Result validated = setup.run("models", "validate", model, String.valueOf(version), "--bootstrap",
                    "10");
            assertThat(validated.exitCode()).as(validated.toString()).isIn(0, 1);
        }
        platform.admin().setAlias(model, "champion", 1);
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

    @Test
    void createCanaryPromoteRollbackShadowStatusAndDelete() throws IOException {
        CliRun gyre = cli();
        CliRun.Result created = ok(gyre.run("deploy", "create", "cli-live", "--model", model + "@champion"));
        assertThat(created.out()).contains("Deployment cli-live: serving").contains(model + "@champion")
                .contains("primary    v1");
        assertThat(ok(gyre.run("deploy", "canary", "cli-live", "--version", "2", "--percent", "10")).out())
                .contains("canary     v2 10%");
        assertThat(ok(gyre.run("deploy", "promote", "cli-live")).out()).contains("primary    v2")
                .contains("rollback   to v1");
        assertThat(ok(gyre.run("deploy", "rollback", "cli-live")).out()).contains("primary    v1");
        assertThat(ok(gyre.run("deploy", "shadow", "cli-live", "--version", "2")).out()).contains("shadow     v2");
        assertThat(ok(gyre.run("deploy", "shadow", "cli-live", "--off")).out()).contains("shadow     -");
        ok(gyre.run("deploy", "canary", "cli-live", "--version", "2", "--percent", "5"));
        assertThat(ok(gyre.run("deploy", "canary", "cli-live", "--clear")).out()).contains("canary     -");

        ok(gyre.run("deploy", "create", "cli-fixed", "--model", model + "/2"));
        CliRun.Result list = ok(gyre.run("deploy", "list"));
        assertThat(list.out()).contains("cli-live").contains("cli-fixed").contains(model + "/2");
        JsonNode status = JSON.readTree(ok(gyre.run("deploy", "status", "cli-fixed", "--json")).out());
        assertThat(status.path("primary_version").asInt()).isEqualTo(2);
        assertThat(ok(gyre.run("deploy", "delete", "cli-fixed")).out()).contains("Deleted deployment cli-fixed");
        assertThat(gyre.run("deploy", "status", "cli-fixed").exitCode()).isNotZero();
    }

    @Test
    void mistakesAreExplained() {
        CliRun gyre = cli();
        CliRun.Result badModel = gyre.run("deploy", "create", "x", "--model", "titanic");
        assertThat(badModel.exitCode()).isNotZero();
        assertThat(badModel.err()).contains("MODEL@ALIAS").contains("MODEL/VERSION");
        CliRun.Result both = gyre.run("deploy", "shadow", "x", "--version", "2", "--off");
        assertThat(both.exitCode()).isEqualTo(2);
        CliRun.Result noRollback = gyre.run("deploy", "rollback", "nothing-here");
        assertThat(noRollback.exitCode()).isNotZero();
        assertThat(noRollback.err()).contains("No deployment named 'nothing-here'");
        CliRun.Result help = ok(gyre.run("deploy", "--help"));
        assertThat(help.out()).contains("follows an alias").contains("gyre deploy canary titanic --version 4");
    }

    @Test
    void serveFetchesARegisteredVersionFromThePlatformAndFollowsItsAlias() throws Exception {
        platform.admin().setAlias(model, "serving", 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>(Map.of("GYRE_CONFIG_DIR", config.toString(),
                "GYRE_TOKEN", platform.adminToken()));
        Cli cli = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]), env, null,
                false, flags -> { });
        AtomicInteger exit = new AtomicInteger(-1);
        Thread serving = new Thread(() -> exit.set(Main.run(new String[] {"serve", "--model", model + "@serving",
                "--registry", platform.url(), "--name", "served", "--port", "0", "--refresh-seconds", "1",
                "--log-dir", work.resolve("serve-log").toString()}, cli)), "serve-from-registry");
        serving.start();
        try {
            Matcher ready = null;
            for (int i = 0; i < 600 && serving.isAlive() && ready == null; i++) {
                Matcher m = READY.matcher(out.toString(StandardCharsets.UTF_8));
                ready = m.find() ? m : null;
                Thread.sleep(100);
            }
            assertThat(ready).as("ready line; out: %s err: %s", out, err).isNotNull();
            String url = ready.group(1);
            assertThat(predictedVersion(url)).isEqualTo("1");

            // the alias moves on the platform: the server re-resolves it and swaps the model in
            platform.admin().setAlias(model, "serving", 2);
            String version = predictedVersion(url);
            for (int i = 0; i < 300 && !version.equals("2"); i++) {
                Thread.sleep(100);
                version = predictedVersion(url);
            }
            assertThat(version).as("out: %s err: %s", out, err).isEqualTo("2");
        } finally {
            serving.interrupt();
            serving.join(30_000);
        }
        assertThat(serving.isAlive()).isFalse();
        assertThat(exit.get()).as("out: %s err: %s", out, err).isZero();

        // at stop the server shipped its traffic's window profiles: the platform monitors the deployment
        CliRun.Result status = ok(cli().run("monitor", "status", "served", "--window", "1h", "--json"));
        JsonNode monitored = JSON.readTree(status.out());
        assertThat(monitored.path("model").asText()).isEqualTo(model);
        assertThat(monitored.path("rows").asLong()).as(status.out()).isPositive();
        assertThat(monitored.path("reference_rows").asLong()).isPositive();
        CliRun.Result text = ok(cli().run("monitor", "status", "served", "--window", "1h"));
        // a handful of predictions: too few for a verdict, and the answer says so
        assertThat(text.out()).contains("Deployment served (" + model + " v2)").contains("records")
                .contains("drift needs at least 30");
        CliRun.Result report = ok(cli().run("monitor", "report", "served", "--window", "1h", "--html",
                work.resolve("drift.html").toString()));
        assertThat(report.out()).contains("Wrote the drift report");
        assertThat(Files.readString(work.resolve("drift.html"))).contains("<svg");
        ok(cli().run("alerts", "list"));
        CliRun.Result unknown = cli().run("monitor", "status", "nobody-serves-this");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.err()).contains("nobody-serves-this");
    }

    private static final Pattern READY = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+), ready in");

    private static String predictedVersion(String url) throws Exception {
        HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(url + "/api/v1/deployments/served/predict")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"records\": [{\"Pclass\": 1, \"Sex\": \"female\","
                        + " \"Age\": 29, \"SibSp\": 0, \"Parch\": 0, \"Fare\": 80, \"Embarked\": \"C\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return JSON.readTree(reply.body()).path("model_version").asText();
    }
}
