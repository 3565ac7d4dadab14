package dev.gyre.cli;

import static dev.gyre.client.RunningPlatform.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.client.RunningPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
