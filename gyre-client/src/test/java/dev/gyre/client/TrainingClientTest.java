package dev.gyre.client;

import static dev.gyre.client.RunningPlatform.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training client against a real platform: the Titanic example spec on a train split. */
class TrainingClientTest {

    static final Path EXAMPLES = Path.of("..", "examples", "titanic").toAbsolutePath().normalize();

    @TempDir
    static Path home;

    static RunningPlatform platform;
    static TrainingClient training;
    static String project;
    static String spec;
    static String train;

    @BeforeAll
    static void startPlatformWithATrainSplit() throws Exception {
        platform = RunningPlatform.start(home);
        GyreClient admin = platform.admin();
        training = admin.training();
        project = unique("titanic");
        admin.createProject(project, null);
        byte[] csv = Files.readAllBytes(EXAMPLES.resolve("titanic.csv"));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(csv));
        admin.data().uploadBlob(project, sha, csv);
        DataVersion passengers = admin.data().createVersion(project, "passengers",
                NewDataVersion.file(sha, csv.length, "file:titanic.csv")).version();
        train = admin.data().split(project, passengers.ref(),
                new DataSplitRequest("stratified", 0.8, null, 0.2, 42L, "Survived")).train().ref();
        spec = Files.readString(EXAMPLES.resolve("train.yaml"));
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void aSubmittedJobIsFollowedToItsLeaderboardAndRegisteredVersion() {
        String model = unique("titanic-model");
        TrainingJob submitted = training.submit(project, spec, train, model, "0123456789abcdef0123456789abcdef01234567");
        assertThat(submitted.jobId()).isNotBlank();
        assertThat(submitted.status()).isIn("queued", "running");
        assertThat(submitted.register()).isEqualTo(model);

        List<TrainingJob> seen = new ArrayList<>();
        TrainingJob done = training.await(project, submitted.jobId(), Duration.ofMillis(50), seen::add);

        assertThat(done.isSucceeded()).as(String.valueOf(done.error())).isTrue();
        assertThat(seen).isNotEmpty().last().isEqualTo(done);
        assertThat(done.trialsFinished()).isEqualTo(12);
        assertThat(done.maxTrials()).isEqualTo(12);
        assertThat(done.metric()).isEqualTo("roc_auc");
        assertThat(done.leaderboard()).hasSize(12);
        TrainingTrial best = done.leaderboard().get(0);
        assertThat(best).isEqualTo(done.best());
        assertThat(best.mean()).isBetween(0.8, 1.0);
        assertThat(best.folds()).hasSize(5);
        assertThat(best.params()).isNotEmpty();
        assertThat(done.parentRunId()).isNotBlank();
        assertThat(done.experimentId()).isNotBlank();
        assertThat(done.createdBy()).isEqualTo("admin");
        assertThat(done.createdAt()).isNotNull();
        RegisteredVersion registered = done.registeredModel();
        assertThat(registered.name()).isEqualTo(model);
        assertThat(registered.version()).isEqualTo(1);
        assertThat(registered.source()).isEqualTo("runs:/" + registered.runId() + "/model");
        ModelVersion version = platform.admin().listModelVersions(model).get(0);
        assertThat(version.runId()).isEqualTo(registered.runId());
        assertThat(version.gitCommit()).as("lineage of the registered version")
                .isEqualTo("0123456789abcdef0123456789abcdef01234567");
        Run parent = platform.admin().searchRuns(done.experimentId(), null, null, 1000, null).runs().stream()
                .filter(r -> r.id().equals(done.parentRunId())).findFirst().orElseThrow();
        assertThat(parent.tags()).containsEntry("mlflow.source.git.commit", "0123456789abcdef0123456789abcdef01234567");

        assertThat(training.get(project, done.jobId())).isEqualTo(done);
        assertThat(training.list(project)).extracting(TrainingJob::jobId).contains(done.jobId());
        GyreClientException again = catchThrowableOfType(() -> training.cancel(project, done.jobId()),
                GyreClientException.class);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.getMessage()).isNotBlank();
    }

    @Test
    void badInputIsRefusedAtSubmissionWithThePlatformsMessage() {
        GyreClientException badSpec = catchThrowableOfType(() -> training.submit(project,
                spec.replace("target: Survived", "target: Survivors"), train, null, null), GyreClientException.class);
        assertThat(badSpec.status()).isEqualTo(400);
        assertThat(badSpec.getMessage()).contains("Survivors");

        GyreClientException unknownProject = catchThrowableOfType(() -> training.submit(unique("nowhere"), spec, train,
                null, null), GyreClientException.class);
        assertThat(unknownProject.status()).isEqualTo(404);

        GyreClientException unknownJob = catchThrowableOfType(() -> training.get(project, "no-such-job"),
                GyreClientException.class);
        assertThat(unknownJob.status()).isEqualTo(404);
    }

    @Test
    void aCancelledJobEndsCancelled() throws IOException {
        String slow = spec.replace("max_trials: 12, parallelism: 2", "max_trials: 500, parallelism: 1");
        TrainingJob submitted = training.submit(project, slow, train, null, null);

        TrainingJob cancelling = training.cancel(project, submitted.jobId());
        assertThat(cancelling.cancelRequested() || "cancelled".equals(cancelling.status())).isTrue();
        TrainingJob done = training.await(project, submitted.jobId(), Duration.ofMillis(50), null);

        assertThat(done.status()).isEqualTo("cancelled");
        assertThat(done.isFinished()).isTrue();
        assertThat(done.isSucceeded()).isFalse();
        assertThat(done.registeredModel()).isNull();
    }
}
