package dev.gyre.client;

import static dev.gyre.client.RunningPlatform.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deployments client against a real platform: two Titanic versions trained and validated there. */
class DeploymentsClientTest {

    static final Path EXAMPLES = Path.of("..", "examples", "titanic").toAbsolutePath().normalize();

    @TempDir
    static Path home;

    static RunningPlatform platform;
    static GyreClient admin;
    static String model;

    @BeforeAll
    static void startPlatformWithTwoValidatedVersions() throws Exception {
        platform = RunningPlatform.start(home);
        admin = platform.admin();
        String project = unique("titanic");
        admin.createProject(project, null);
        admin.putCharter(project, EXAMPLES.resolve("charter.yaml"));
        byte[] csv = Files.readAllBytes(EXAMPLES.resolve("titanic.csv"));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(csv));
        admin.data().uploadBlob(project, sha, csv);
        DataVersion passengers = admin.data().createVersion(project, "passengers",
                NewDataVersion.file(sha, csv.length, "file:titanic.csv")).version();
        String train = admin.data().split(project, passengers.ref(),
                new DataSplitRequest("stratified", 0.8, null, 0.2, 42L, "Survived")).train().ref();
        String spec = Files.readString(EXAMPLES.resolve("train.yaml"))
                .replace("validation: {folds: 5}", "validation: {folds: 3}")
                .replace("max_trials: 12, parallelism: 2", "max_trials: 2, parallelism: 1");
        model = unique("titanic-model");
        for (int i = 1; i <= 2; i++) {
            TrainingJob job = admin.training().submit(project, spec, train, model, null);
            TrainingJob done = admin.training().await(project, job.jobId(), Duration.ofMillis(100), j -> { });
            assertThat(done.isSucceeded()).as(String.valueOf(done.error())).isTrue();
            admin.validateModelVersion(model, i, null, null, null, 7L, 10);
        }
        admin.setAlias(model, "champion", 1);
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void createCanaryPromoteRollbackShadowAndDelete() {
        DeploymentsClient deployments = admin.deployments();
        Deployment created = deployments.create("client-live", model, "champion", null);
        assertThat(created.target()).isEqualTo(model + "@champion");
        assertThat(created.primaryVersion()).isEqualTo(1);
        assertThat(created.serving()).isTrue();
        assertThat(created.createdBy()).isEqualTo("admin");

        Deployment canary = deployments.canary("client-live", 2, 25);
        assertThat(canary.canary()).isEqualTo(new Deployment.Canary(2, 25));
        assertThat(canary.loadedVersions()).containsExactly(1, 2);
        assertThat(deployments.clearCanary("client-live").canary()).isNull();
        deployments.canary("client-live", 2, 50);
        Deployment promoted = deployments.promote("client-live");
        assertThat(promoted.primaryVersion()).isEqualTo(2);
        assertThat(promoted.previousVersion()).isEqualTo(1);
        Deployment rolledBack = deployments.rollback("client-live");
        assertThat(rolledBack.primaryVersion()).isEqualTo(1);
        assertThat(deployments.shadow("client-live", 2).shadowVersion()).isEqualTo(2);
        assertThat(deployments.shadow("client-live", null).shadowVersion()).isNull();
        assertThat(deployments.stickyHeader("client-live", "X-User-Id").stickyHeader()).isEqualTo("X-User-Id");
        assertThat(deployments.retarget("client-live", 2).primaryVersion()).isEqualTo(2);

        assertThat(deployments.list()).extracting(Deployment::name).contains("client-live");
        assertThat(deployments.get("client-live").primaryVersion()).isEqualTo(2);
        deployments.delete("client-live");
        GyreClientException gone = catchThrowableOfType(() -> deployments.get("client-live"),
                GyreClientException.class);
        assertThat(gone.status()).isEqualTo(404);
    }

    @Test
    void refusalsCarryThePlatformsMessage() {
        GyreClientException bad = catchThrowableOfType(() -> admin.deployments().create("no good", model, null, 1),
                GyreClientException.class);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.getMessage()).contains("letters");
        GyreClientException noRollback = catchThrowableOfType(() -> {
            admin.deployments().create("client-fixed", model, null, 2);
            admin.deployments().rollback("client-fixed");
        }, GyreClientException.class);
        assertThat(noRollback.status()).isEqualTo(409);
        admin.deployments().delete("client-fixed");
    }

    @Test
    void feedbackIsJoinedToAPredictionByItsRequestId() throws Exception {
        admin.deployments().create("client-feedback", model, null, 1);
        HttpResponse<String> predicted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(platform.url() + "/api/v1/deployments/client-feedback/predict"))
                .header("Authorization", "Bearer " + platform.adminToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"request_id\": \"cf-1\", \"records\": [{\"Pclass\": 1,"
                        + " \"Name\": \"Allen, Miss. Elisabeth Walton\", \"Sex\": \"female\", \"Age\": 29,"
                        + " \"SibSp\": 0, \"Parch\": 0, \"Ticket\": \"24160\", \"Fare\": 211.3375,"
                        + " \"Embarked\": \"S\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(predicted.statusCode()).as(predicted.body()).isEqualTo(200);
        String label = new ObjectMapper().readTree(predicted.body()).path("predictions").path(0)
                .path("predicted_class").asText();

        // predictions reach the feedback store about once a second: until then the id is unmatched
        FeedbackResult result = admin.deployments().feedback("client-feedback", "cf-1", label);
        for (int attempt = 0; attempt < 300 && result.accepted() == 0; attempt++) {
            assertThat(result.unmatched()).containsExactly("cf-1");
            Thread.sleep(100);
            result = admin.deployments().feedback("client-feedback", "cf-1", label);
        }
        assertThat(result.accepted()).isEqualTo(1);
        FeedbackResult batch = admin.deployments().feedback("client-feedback", List.<Map<String, Object>>of(
                Map.of("request_id", "cf-1", "label", label), Map.of("request_id", "cf-unknown", "label", "1")));
        assertThat(batch).isEqualTo(new FeedbackResult(0, 1, List.of("cf-unknown"), 1, List.of(), 0));

        GyreClientException wrongType = catchThrowableOfType(() -> admin.deployments().feedback("client-feedback",
                "cf-1", "maybe"), GyreClientException.class);
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.getMessage()).contains("request id 'cf-1'").contains("send one of");
        admin.deployments().delete("client-feedback");
    }
}
