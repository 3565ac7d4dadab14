package dev.gyre.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on the platform over HTTP: the example Titanic spec runs on the train split of the bundled data,
 * every trial is a child run the MLflow API finds by its parent, and the sealed test split is refused.
 */
class TrainingApiTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;
    static TestPlatform platform;
    static String ana;
    static JsonNode split;

    @BeforeAll
    static void start() throws Exception {
        platform = TestPlatform.start(home);
        ana = platform.userWithRole("ana", "data-scientist");
        assertThat(platform.post("/api/v1/projects", ana, "{\"name\":\"titanic\"}").status()).isEqualTo(201);
        TestPlatform.Reply added = DataApiTestSupport.add(platform, ana, "titanic", "passengers",
                Files.readAllBytes(DataApiTest.TITANIC), "file:titanic.csv");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        TestPlatform.Reply reply = platform.post("/api/v1/projects/titanic/data/versions/passengers%401/split", ana,
                "{\"method\":\"stratified\",\"train\":0.8,\"test\":0.2,\"seed\":3,\"column\":\"Survived\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        split = Json.parse(reply.body());
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    static String spec() throws Exception {
        return Files.readString(Path.of("..", "examples", "titanic", "train.yaml"))
                .replace("validation: {folds: 5}", "validation: {folds: 3}")
                .replace("max_trials: 12, parallelism: 2", "max_trials: 6, parallelism: 1");
    }

    @Test
    void aSearchOverThreeFamiliesRunsOnTheTrainSplitAndEveryTrialIsAChildRun() throws Exception {
        String train = split.path("train").path("ref").asText();
        TestPlatform.Reply reply = platform.post("/api/v1/projects/titanic/training-runs", ana,
                JSON.writeValueAsString(Map.of("spec", spec(), "data", train)));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode answer = Json.parse(reply.body());
        assertThat(answer.path("metric").asText()).isEqualTo("roc_auc");
        assertThat(answer.path("leaderboard").size()).isEqualTo(6);
        assertThat(answer.path("best").path("mean").asDouble()).isGreaterThan(0.8);
        String parent = answer.path("parent_run_id").asText();

        TestPlatform.Reply children = platform.post("/api/2.0/mlflow/runs/search", ana,
                "{\"experiment_ids\":[\"" + answer.path("experiment_id").asText() + "\"],"
                        + "\"filter\":\"tags.mlflow.parentRunId = '" + parent + "'\",\"max_results\":100}");
        assertThat(children.status()).as(children.body()).isEqualTo(200);
        assertThat(Json.parse(children.body()).path("runs").size()).isEqualTo(6);
        TestPlatform.Reply parentRun = platform.get("/api/2.0/mlflow/runs/get?run_id=" + parent, ana);
        assertThat(parentRun.body()).contains("gyre.data.train").contains(train);
    }

    @Test
    void theSealedTestSplitIsRefusedForTraining() throws Exception {
        String test = split.path("test").path("ref").asText();
        TestPlatform.Reply reply = platform.post("/api/v1/projects/titanic/training-runs", ana,
                JSON.writeValueAsString(Map.of("spec", spec(), "data", test)));
        assertThat(reply.status()).as(reply.body()).isEqualTo(403);
        assertThat(Json.field(reply.body(), "message")).contains("sealed");
    }

    @Test
    void aSpecNamingAnUnknownColumnIsRefusedWithItsLine() throws Exception {
        String train = split.path("train").path("ref").asText();
        TestPlatform.Reply reply = platform.post("/api/v1/projects/titanic/training-runs", ana,
                JSON.writeValueAsString(Map.of("spec", spec().replace("    Fare: [log1p]", "    Fair: [log1p]"), "data", train)));
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(Json.field(reply.body(), "message")).contains("Line").contains("Fair");
    }
}
