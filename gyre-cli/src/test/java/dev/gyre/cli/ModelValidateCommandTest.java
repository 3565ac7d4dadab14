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

/**
 * {@code gyre models validate} and {@code gyre models card} against a real platform: the Titanic example charter,
 * data, split and training spec, then validation of the registered version and its model card.
 */
class ModelValidateCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path EXAMPLE = Path.of("..", "examples", "titanic").toAbsolutePath().normalize();

    @TempDir
    static Path home;

    @TempDir
    static Path config;

    @TempDir
    static Path out;

    static RunningPlatform platform;
    static String project;
    static String model;

    @BeforeAll
    static void trainAndRegister() throws IOException {
        platform = RunningPlatform.start(home);
        project = unique("titanic");
        model = unique("titanic-model");
        platform.admin().createProject(project, null);
        CliRun setup = cli();
        ok(setup.run("project", "charter", project, "--set", EXAMPLE.resolve("charter.yaml").toString()));
        ok(setup.run("data", "add", EXAMPLE.resolve("titanic.csv").toString(), "-p", project, "--name", "passengers"));
        ok(setup.run("data", "split", "passengers@1", "-p", project, "--method", "stratified", "--column", "Survived",
                "--train", "0.8", "--test", "0.2", "--seed", "42"));
        ok(setup.run("train", "--spec", EXAMPLE.resolve("train.yaml").toString(), "--data", "passengers-train@1",
                "-p", project, "--register", model, "--poll-ms", "100"));
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
    void validateRecordsTheGatesExitsByTheVerdictAndWritesTheCard() throws IOException {
        CliRun gyre = cli();
        CliRun.Result json = gyre.run("models", "validate", model, "1", "--bootstrap", "100", "--json");
        JsonNode answer = JSON.readTree(json.out());
        boolean passed = answer.path("passed").asBoolean();
        assertThat(json.exitCode()).as(json.toString()).isEqualTo(passed ? 0 : 1);
        assertThat(answer.path("test").asText()).isEqualTo("passengers-test@1");
        assertThat(answer.path("report").path("subject").path("success_metric").asText()).isEqualTo("roc_auc >= 0.85");

        CliRun.Result text = gyre.run("models", "validate", model, "1", "--bootstrap", "100");
        assertThat(text.exitCode()).as(text.toString()).isEqualTo(passed ? 0 : 1);
        assertThat(text.out()).startsWith(passed ? "PASSED: " + model + " version 1 on passengers-test@1"
                : "FAILED: " + model + " version 1 on passengers-test@1")
                .containsPattern("roc_auc +0\\.\\d{4} +0\\.\\d{4} – 0\\.\\d{4}")
                .containsPattern("success_metric +(PASSED|FAILED) +blocking +test roc_auc")
                .containsPattern("fairness +(PASSED|FAILED) +report only")
                .contains("gyre models card " + model + " 1 -o card.html");
        if (!passed) {
            assertThat(text.err()).contains("cannot be promoted to production");
        }

        Path card = out.resolve("card.html");
        CliRun.Result written = ok(gyre.run("models", "card", model, "1", "-o", card.toString()));
        assertThat(written.out()).contains("written to " + card);
        String html = Files.readString(card);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<h2>Fairness</h2>").contains("Sex=female")
                .contains("<svg");
        CliRun.Result md = ok(gyre.run("models", "card", model, "1"));
        assertThat(md.out()).startsWith("# Model card: " + model + " version 1").contains("## Limitations");
        assertThat(gyre.run("models", "card", model, "1", "--format", "pdf").exitCode()).isNotZero();
        assertThat(platform.admin().listModelValidations(model, 1)).hasSize(2);
    }

    @Test
    void scoreWritesEveryRowWithItsPredictionFromTheValidatedPackage() throws IOException {
        CliRun gyre = cli();
        gyre.run("models", "validate", model, "1", "--bootstrap", "50");   // writes the package (passes or not)
        Path scored = out.resolve("scored.csv");
        CliRun.Result result = ok(gyre.run("score", EXAMPLE.resolve("titanic.csv").toString(), "--model", model + "/1",
                "-o", scored.toString()));
        assertThat(result.out()).contains("Scored 891 rows with " + model + " version 1 into " + scored);
        java.util.List<String> lines = Files.readAllLines(scored);
        assertThat(lines).hasSize(892);
        assertThat(lines.get(0)).endsWith(",predicted_class,probability_0,probability_1")
                .startsWith("PassengerId,Survived,Pclass,Name");
        // a first-class woman survives, a third-class man does not (rows 2 and 1 of the file)
        assertThat(lines.get(2)).startsWith("2,1,1,").containsPattern(",1,0\\.\\d+,0\\.\\d+$");
        assertThat(lines.get(1)).startsWith("1,0,3,").containsPattern(",0,0\\.\\d+,0\\.\\d+$");

        Path pkg = out.resolve("package.zip");
        try (java.io.InputStream in = platform.admin().modelPackage(model, 1)) {
            Files.copy(in, pkg);
        }
        Path again = out.resolve("again.csv");
        ok(cli().run("score", EXAMPLE.resolve("titanic.csv").toString(), "--package", pkg.toString(), "-o", again.toString()));
        assertThat(Files.readAllLines(again)).as("a package file scores exactly as the platform's").isEqualTo(lines);

        Path bad = out.resolve("bad.csv");
        Files.writeString(bad, "Pclass,Sex,Age,SibSp,Parch,Fare,Embarked\n3,male,forty,0,0,7.25,S\n");
        CliRun.Result refused = gyre.run("score", bad.toString(), "--model", model + "/1", "-o", out.resolve("x.csv").toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("Line 2, column 'Age': 'forty' is not a number");
        assertThat(out.resolve("x.csv")).doesNotExist();
        assertThat(gyre.run("score", bad.toString(), "-o", out.resolve("y.csv").toString()).exitCode()).isNotZero();
    }

    @Test
    void aVersionThatDoesNotExistIsAClearError() {
        CliRun.Result result = cli().run("models", "validate", model, "99");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("99");
    }
}
