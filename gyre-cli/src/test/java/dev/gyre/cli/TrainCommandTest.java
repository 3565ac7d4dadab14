package dev.gyre.cli;

import static dev.gyre.client.RunningPlatform.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.client.GyreClient;
import dev.gyre.client.ModelVersion;
import dev.gyre.client.RunningPlatform;
import dev.gyre.client.TrainingJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gyre train} against a real platform started in this JVM: the Titanic example spec on a train split. */
class TrainCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path TITANIC = Path.of("..", "examples", "titanic", "titanic.csv").toAbsolutePath().normalize();
    static final Path SPEC = Path.of("..", "examples", "titanic", "train.yaml").toAbsolutePath().normalize();

    @TempDir
    static Path home;

    @TempDir
    static Path config;

    static RunningPlatform platform;
    static String project;
    static final String TRAIN = "passengers-train@1";

    @TempDir
    Path tmp;

    CliRun gyre;

    @BeforeAll
    static void startPlatformWithATrainSplit() throws IOException {
        platform = RunningPlatform.start(home);
        project = unique("titanic");
        platform.admin().createProject(project, null);
        CliRun setup = cli();
        ok(setup.run("data", "add", TITANIC.toString(), "-p", project, "--name", "passengers"));
        ok(setup.run("data", "split", "passengers@1", "-p", project, "--method", "stratified", "--column", "Survived",
                "--train", "0.8", "--test", "0.2", "--seed", "42"));
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

    @BeforeEach
    void setUp() {
        gyre = cli();
    }

    static CliRun.Result ok(CliRun.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    static CliRun.Result failed(CliRun.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        return result;
    }

    @Test
    void trainingTheTitanicSpecPrintsTheLeaderboardAndRegistersTheBestModel() {
        CliRun.Result result = ok(gyre.run("train", "--spec", SPEC.toString(), "--data", TRAIN, "--project", project,
                "--register", "titanic", "--poll-ms", "100"));

        List<String> out = result.out().lines().toList();
        assertThat(out.get(0)).matches("RANK +TRIAL +ALGORITHM +ROC_AUC +STD +STATUS +SECONDS +PARAMS");
        assertThat(out.get(1)).matches("1 +\\d+ +(logistic_regression|random_forest|gradient_boosting) +0\\.\\d{4} +.*");
        assertThat(result.out()).contains("Training job ", " succeeded on " + TRAIN + ": 12 trials in ")
                .containsPattern("Best: trial \\d+ \\w+, roc_auc 0\\.\\d{4}")
                .containsPattern("Parent run: \\S+ in experiment \\S+ \\(trials are its child runs\\)")
                .contains("Registered: titanic version 1 from runs:/");
        assertThat(result.err()).startsWith("Training job ").contains("submitted; Ctrl-C cancels it.")
                .contains("12/12 trials").contains("best roc_auc 0.");

        GyreClient admin = platform.admin();
        List<ModelVersion> versions = admin.listModelVersions("titanic");
        assertThat(versions).hasSize(1);
        assertThat(versions.get(0).version()).isEqualTo(1);
        assertThat(result.out()).contains("Registered: titanic version 1 from " + versions.get(0).source());
        TrainingJob job = admin.training().list(project).stream()
                .filter(j -> "titanic".equals(j.register())).findFirst().orElseThrow();
        assertThat(job.registeredModel().runId()).isEqualTo(versions.get(0).runId());
        assertThat(job.best().mean()).isGreaterThan(0.8);
        String head = GitCommit.of(SPEC) == null ? null : GitCommit.of(SPEC).commit();
        if (head != null) {
            dev.gyre.client.Run parent = admin.searchRuns(job.experimentId(), null, null, 1000, null).runs().stream()
                    .filter(r -> r.id().equals(job.parentRunId())).findFirst().orElseThrow();
            assertThat(parent.tags()).as("the commit of the spec's folder").containsEntry("mlflow.source.git.commit", head);
        }
    }

    @Test
    void noWaitJsonThenStatusAndList() throws Exception {
        JsonNode submitted = JSON.readTree(ok(gyre.run("train", "--spec", SPEC.toString(), "--data", TRAIN, "-p", project,
                "--no-wait", "--json")).out());
        String id = submitted.get("job_id").asText();
        assertThat(submitted.get("status").asText()).isIn("queued", "running");
        assertThat(submitted.get("data").asText()).isEqualTo(TRAIN);

        TrainingJob done = platform.admin().training().await(project, id, Duration.ofMillis(100), j -> { });
        assertThat(done.status()).isEqualTo("succeeded");

        JsonNode status = JSON.readTree(ok(gyre.run("train", "status", id, "-p", project, "--json")).out());
        assertThat(status.get("status").asText()).isEqualTo("succeeded");
        assertThat(status.get("leaderboard")).hasSize(12);
        assertThat(status.get("trials_finished").asInt()).isEqualTo(12);
        String shown = ok(gyre.run("train", "status", id, "-p", project)).out();
        assertThat(shown).startsWith("RANK").contains("Training job " + id + " succeeded");
        String listed = ok(gyre.run("train", "list", "-p", project)).out();
        assertThat(listed).startsWith("JOB").containsPattern("(?m)^" + id + " +succeeded +" + TRAIN + " +12/12 +roc_auc 0\\.");
    }

    @Test
    void aJobCanBeCancelledAndAFinishedOneNotAgain() throws IOException {
        Path slow = tmp.resolve("slow.yaml");
        Files.writeString(slow, Files.readString(SPEC).replace("max_trials: 12, parallelism: 2", "max_trials: 500, parallelism: 1"));
        JsonNode submitted = JSON.readTree(ok(gyre.run("train", "--spec", slow.toString(), "--data", TRAIN, "-p", project,
                "--no-wait", "--json")).out());
        String id = submitted.get("job_id").asText();

        assertThat(ok(gyre.run("train", "cancel", id, "-p", project)).out()).startsWith("Cancel").contains(id);
        TrainingJob done = platform.admin().training().await(project, id, Duration.ofMillis(100), j -> { });
        assertThat(done.status()).isEqualTo("cancelled");

        CliRun.Result again = gyre.run("train", "cancel", id, "-p", project);
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(1);
        assertThat(again.err()).startsWith("gyre: ");
        CliRun.Result status = ok(gyre.run("train", "status", id, "-p", project));
        assertThat(status.out()).contains("Training job " + id + " cancelled");
    }

    @Test
    void ctrlCWhileWaitingCancelsTheJobOnThePlatform() throws Exception {
        Path slow = tmp.resolve("slow.yaml");
        Files.writeString(slow, Files.readString(SPEC).replace("max_trials: 12, parallelism: 2", "max_trials: 500, parallelism: 1"));
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(javaBin.toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "train", "--spec", slow.toString(), "--data", TRAIN, "-p", project, "--poll-ms", "100")
                .redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile());
        builder.environment().put("GYRE_URL", platform.url());
        builder.environment().put("GYRE_TOKEN", platform.adminToken());
        builder.environment().put("GYRE_CONFIG_DIR", config.toString());
        builder.environment().put("GYRE_PROGRESS", "0");
        Process process = builder.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.readString(tmp.resolve("err.txt")).contains("Ctrl-C cancels it") && System.nanoTime() < deadline) {
                assertThat(process.isAlive()).as(Files.readString(tmp.resolve("err.txt"))).isTrue();
                Thread.sleep(50);
            }
            Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start();
            assertThat(kill.waitFor()).isZero();
            assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }

        String err = Files.readString(tmp.resolve("err.txt"));
        assertThat(process.exitValue()).as(err).isNotZero();
        String id = err.substring("Training job ".length(), err.indexOf(" submitted"));
        assertThat(err).contains("gyre: interrupted; cancelled training job " + id + " on the platform");
        TrainingJob done = platform.admin().training().await(project, id, Duration.ofMillis(100), j -> { });
        assertThat(done.status()).isEqualTo("cancelled");
    }

    @Test
    void badInputIsRefusedAtOnceWithThePlatformsMessage() throws IOException {
        CliRun.Result sealed = failed(gyre.run("train", "--spec", SPEC.toString(), "--data", "passengers-test@1",
                "-p", project));
        assertThat(sealed.err()).startsWith("gyre: ").contains("sealed");
        assertThat(sealed.out()).isEmpty();

        Path broken = tmp.resolve("broken.yaml");
        Files.writeString(broken, Files.readString(SPEC).replace("target: Survived", "target: Survivors"));
        CliRun.Result badSpec = failed(gyre.run("train", "--spec", broken.toString(), "--data", TRAIN, "-p", project));
        assertThat(badSpec.err()).startsWith("gyre: ").contains("Survivors");

        CliRun.Result unknownJob = failed(gyre.run("train", "status", "no-such-job", "-p", project));
        assertThat(unknownJob.err()).startsWith("gyre: ");
    }
}
