package dev.gyre.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training jobs over HTTP: a job is checked when submitted (4xx with nothing started), runs on the server's job
 * pool while its progress can be read, records the train split as a dataset input, registers the best trial's
 * model, and can be cancelled (its search run ends KILLED). The server runs one job at a time and lets none wait,
 * so a second job while one runs is refused.
 */
class TrainingJobsApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofMinutes(10);

    @TempDir
    static Path home;
    static TestPlatform platform;
    static String ana;
    static String bob;
    static String train;
    static String test;

    @BeforeAll
    static void start() throws Exception {
        platform = TestPlatform.start(home, Map.of("training_jobs", "1", "training_queue", "0"));
        ana = platform.userWithRole("ana", "data-scientist");
        bob = platform.userWithRole("bob", "data-scientist");
        JsonNode split = titanic(platform, ana);
        train = split.path("train").path("ref").asText();
        test = split.path("test").path("ref").asText();
    }

    /** The project titanic with the passengers data split into train and test; answers the split. */
    static JsonNode titanic(TestPlatform on, String token) throws Exception {
        assertThat(on.post("/api/v1/projects", token, "{\"name\":\"titanic\"}").status()).isEqualTo(201);
        TestPlatform.Reply added = DataApiTestSupport.add(on, token, "titanic", "passengers",
                Files.readAllBytes(DataApiTest.TITANIC), "file:titanic.csv");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        TestPlatform.Reply reply = on.post("/api/v1/projects/titanic/data/versions/passengers%401/split", token,
                "{\"method\":\"stratified\",\"train\":0.8,\"test\":0.2,\"seed\":3,\"column\":\"Survived\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return Json.parse(reply.body());
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    static String spec() throws Exception {
        return TrainingApiTest.spec();
    }

    /** A search that runs long enough to be seen running and cancelled. */
    static String longSpec() throws Exception {
        return Files.readString(Path.of("..", "examples", "titanic", "train.yaml"))
                .replace("experiment: titanic-survival", "experiment: titanic-long")
                .replace("validation: {folds: 5}", "validation: {folds: 10}")
                .replace("max_trials: 12, parallelism: 2", "max_trials: 500, parallelism: 1");
    }

    static TestPlatform.Reply submit(String token, Map<String, String> body) throws Exception {
        return platform.post("/api/v1/projects/titanic/training-jobs", token, JSON.writeValueAsString(body));
    }

    static JsonNode job(String id) {
        return job(platform, ana, id);
    }

    static JsonNode job(TestPlatform on, String token, String id) {
        TestPlatform.Reply reply = on.get("/api/v1/projects/titanic/training-jobs/" + id, token);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return Json.parse(reply.body());
    }

    /** Polls the job until the condition holds, checking on the way that every view is consistent. */
    static JsonNode until(String id, Predicate<JsonNode> condition) throws Exception {
        return until(platform, ana, id, condition);
    }

    static JsonNode until(TestPlatform on, String token, String id, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int seen = 0;
        while (true) {
            JsonNode view = job(on, token, id);
            int finished = view.path("trials_finished").asInt();
            assertThat(finished).as("trials never go backwards").isGreaterThanOrEqualTo(seen);
            if (view.path("max_trials").asInt() > 0) {
                assertThat(finished).isLessThanOrEqualTo(view.path("max_trials").asInt());
            }
            assertThat(view.path("trials_failed").asInt() + view.path("trials_pruned").asInt()).isLessThanOrEqualTo(finished);
            assertThat(view.path("elapsed_seconds").asDouble()).isGreaterThanOrEqualTo(0);
            seen = finished;
            if (condition.test(view)) {
                return view;
            }
            assertThat(System.nanoTime()).as("the job did not get there in time: " + view).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    static boolean ended(JsonNode view) {
        return switch (view.path("status").asText()) {
            case "succeeded", "failed", "cancelled" -> true;
            default -> false;
        };
    }

    @Test
    void aJobRunsInTheBackgroundRecordsItsDataAndRegistersTheBestTrialsModel() throws Exception {
        TestPlatform.Reply reply = submit(ana, Map.of("spec", spec(), "data", train, "register", "titanic-survival",
                "git_commit", "0123456789abcdef0123456789abcdef01234567"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        JsonNode accepted = Json.parse(reply.body());
        String id = accepted.path("job_id").asText();
        assertThat(accepted.path("status").asText()).isIn("queued", "running", "succeeded");
        assertThat(accepted.path("project").asText()).isEqualTo("titanic");
        assertThat(accepted.path("data").asText()).isEqualTo(train);
        assertThat(accepted.path("metric").asText()).isEqualTo("roc_auc");
        assertThat(accepted.path("max_trials").asInt()).isEqualTo(6);
        assertThat(accepted.path("created_by").asText()).isEqualTo("ana");
        assertThat(accepted.path("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

        JsonNode done = until(id, TrainingJobsApiTest::ended);
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
        assertThat(done.path("error").isNull()).isTrue();
        assertThat(done.path("trials_finished").asInt()).isEqualTo(done.path("leaderboard").size()).isEqualTo(6);
        assertThat(done.path("best").path("mean").asDouble()).isGreaterThan(0.8);
        assertThat(done.path("best").path("number").asInt())
                .isEqualTo(done.path("leaderboard").get(0).path("number").asInt());
        assertThat(done.path("eta_seconds").asDouble()).isEqualTo(0);

        // the train split is a dataset input of the search's run
        String parent = done.path("parent_run_id").asText();
        TestPlatform.Reply parentRun = platform.get("/api/2.0/mlflow/runs/get?run_id=" + parent, ana);
        assertThat(parentRun.status()).isEqualTo(200);
        JsonNode run = Json.parse(parentRun.body()).path("run");
        assertThat(parentRun.body()).contains("gyre.data.train").contains(train);
        assertThat(run.path("info").path("experiment_id").asText()).isEqualTo(done.path("experiment_id").asText());
        JsonNode inputs = run.path("inputs").path("dataset_inputs");
        assertThat(inputs.size()).isEqualTo(1);
        JsonNode dataset = inputs.get(0).path("dataset");
        assertThat(dataset.path("name").asText()).isEqualTo("passengers-train");
        assertThat(dataset.path("source_type").asText()).isEqualTo("gyre");
        assertThat(dataset.path("source").asText()).isEqualTo("titanic/" + train);
        assertThat(dataset.path("digest").asText()).hasSize(12);
        assertThat(dataset.path("schema").asText()).contains("Survived");
        assertThat(inputs.get(0).path("tags").toString()).contains("mlflow.data.context").contains("training");

        // the best trial's model is registered
        JsonNode registered = done.path("registered_model");
        String best = registered.path("run_id").asText();
        assertThat(registered.path("name").asText()).isEqualTo("titanic-survival");
        assertThat(registered.path("version").asInt()).isEqualTo(1);
        assertThat(registered.path("source").asText()).isEqualTo("runs:/" + best + "/model");
        TestPlatform.Reply bestRun = platform.get("/api/2.0/mlflow/runs/get?run_id=" + best, ana);
        assertThat(bestRun.body()).contains("\"gyre.trial\"").contains(parent);
        TestPlatform.Reply version = platform.get("/api/2.0/mlflow/model-versions/get?name=titanic-survival&version=1", ana);
        assertThat(version.status()).as(version.body()).isEqualTo(200);
        JsonNode mv = Json.parse(version.body()).path("model_version");
        assertThat(mv.path("source").asText()).isEqualTo("runs:/" + best + "/model");
        assertThat(mv.path("run_id").asText()).isEqualTo(best);

        TestPlatform.Reply listed = platform.get("/api/2.0/mlflow/artifacts/list?run_id=" + best + "&path=model", ana);
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        assertThat(listed.body()).contains("model/model.gyrm").contains("model/features.json");
        String artifactUri = Json.parse(bestRun.body()).path("run").path("info").path("artifact_uri").asText();
        assertThat(artifactUri).startsWith("mlflow-artifacts:/");
        String root = artifactUri.substring("mlflow-artifacts:/".length()).replaceAll("^/+", "");
        TestPlatform.Reply model = platform.get("/api/2.0/mlflow-artifacts/artifacts/" + root + "/model/model.gyrm", ana);
        assertThat(model.status()).isEqualTo(200);
        assertThat(model.body()).isNotEmpty();
        TestPlatform.Reply features = platform.get("/api/2.0/mlflow-artifacts/artifacts/" + root + "/model/features.json", ana);
        assertThat(features.status()).isEqualTo(200);
        assertThat(features.body()).contains("Fare");

        // the job is listed, newest first
        JsonNode jobs = Json.parse(platform.get("/api/v1/projects/titanic/training-jobs", ana).body()).path("jobs");
        assertThat(jobs.size()).isGreaterThanOrEqualTo(1);
        assertThat(jobs.findValuesAsText("job_id")).contains(id);
        for (int i = 1; i < jobs.size(); i++) {
            assertThat(jobs.get(i - 1).path("created_at").asText()).isGreaterThanOrEqualTo(jobs.get(i).path("created_at").asText());
        }
    }

    @Test
    void aRunningJobShowsItsProgressAndIsCancelledWithItsRunKilled() throws Exception {
        TestPlatform.Reply reply = submit(ana, Map.of("spec", longSpec(), "data", train));
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        String id = Json.field(reply.body(), "job_id");
        JsonNode running = until(id, v -> ended(v) || (v.path("status").asText().equals("running")
                && v.path("trials_finished").asInt() >= 1));
        assertThat(running.path("status").asText()).as(running.toString()).isEqualTo("running");
        assertThat(running.path("parent_run_id").asText()).isNotEmpty();
        assertThat(running.path("max_trials").asInt()).isEqualTo(500);
        assertThat(running.path("leaderboard").isNull()).isTrue();

        // one job at a time and none waiting: another is refused, nothing started
        TestPlatform.Reply refused = submit(ana, Map.of("spec", spec(), "data", train));
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(Json.field(refused.body(), "message")).contains("training_jobs").contains("Wait");

        TestPlatform.Reply cancelled = platform.post("/api/v1/projects/titanic/training-jobs/" + id + "/cancel", ana, "");
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(Json.parse(cancelled.body()).path("cancel_requested").asBoolean()).isTrue();
        JsonNode done = until(id, TrainingJobsApiTest::ended);
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("cancelled");
        assertThat(done.path("trials_finished").asInt()).isLessThan(500);
        String parent = done.path("parent_run_id").asText();
        JsonNode run = Json.parse(platform.get("/api/2.0/mlflow/runs/get?run_id=" + parent, ana).body()).path("run");
        assertThat(run.path("info").path("status").asText()).isEqualTo("KILLED");

        TestPlatform.Reply again = platform.post("/api/v1/projects/titanic/training-jobs/" + id + "/cancel", ana, "");
        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(Json.field(again.body(), "message")).contains("already ended");
        assertThat(platform.post("/api/v1/projects/titanic/training-jobs/nope/cancel", ana, "").status()).isEqualTo(404);
        assertThat(platform.get("/api/v1/projects/titanic/training-jobs/nope", ana).status()).isEqualTo(404);
    }

    @Test
    void whatCanBeCheckedBeforeTrainingIsRefusedAtOnceAndNothingStarts() throws Exception {
        String refusedSpec = spec().replace("experiment: titanic-survival", "experiment: never-started");
        int jobsBefore = Json.parse(platform.get("/api/v1/projects/titanic/training-jobs", ana).body()).path("jobs").size();

        TestPlatform.Reply badYaml = submit(ana, Map.of("spec", "target: [Survived\nfeatures: {", "data", train));
        assertThat(badYaml.status()).as(badYaml.body()).isEqualTo(400);
        assertThat(Json.field(badYaml.body(), "error_code")).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(Json.field(badYaml.body(), "message")).containsIgnoringCase("line");

        TestPlatform.Reply unknownVersion = submit(ana, Map.of("spec", refusedSpec, "data", "passengers-train@99"));
        assertThat(unknownVersion.status()).as(unknownVersion.body()).isEqualTo(404);

        TestPlatform.Reply sealed = submit(ana, Map.of("spec", refusedSpec, "data", test));
        assertThat(sealed.status()).as(sealed.body()).isEqualTo(403);
        assertThat(Json.field(sealed.body(), "message")).contains("sealed");

        TestPlatform.Reply column = submit(ana, Map.of("spec", refusedSpec.replace("    Fare: [log1p]", "    Fair: [log1p]"),
                "data", train));
        assertThat(column.status()).as(column.body()).isEqualTo(400);
        assertThat(Json.field(column.body(), "message")).contains("Line").contains("Fair");

        TestPlatform.Reply target = submit(ana, Map.of("spec", refusedSpec.replace("target: Survived", "target: Survivd"),
                "data", train));
        assertThat(target.status()).as(target.body()).isEqualTo(400);
        assertThat(Json.field(target.body(), "message")).contains("Survivd");

        TestPlatform.Reply metric = submit(ana, Map.of("spec", refusedSpec.replace("metric: roc_auc", "metric: rmse"),
                "data", train));
        assertThat(metric.status()).as(metric.body()).isEqualTo(400);
        assertThat(Json.field(metric.body(), "message")).contains("rmse");

        TestPlatform.Reply name = submit(ana, Map.of("spec", refusedSpec, "data", train, "register", "bad\u0001name"));
        assertThat(name.status()).as(name.body()).isEqualTo(400);
        assertThat(Json.field(name.body(), "message")).contains("register");

        TestPlatform.Reply stranger = submit(bob, Map.of("spec", refusedSpec, "data", train));
        assertThat(stranger.status()).as(stranger.body()).isEqualTo(403);
        assertThat(platform.get("/api/v1/projects/titanic/training-jobs", bob).status()).isEqualTo(403);

        Map<String, String> missing = new HashMap<>(Map.of("data", train));
        assertThat(submit(ana, missing).status()).isEqualTo(400);

        assertThat(platform.get("/api/2.0/mlflow/experiments/get-by-name?experiment_name="
                + URLEncoder.encode("never-started", StandardCharsets.UTF_8), ana).status()).isEqualTo(404);
        assertThat(Json.parse(platform.get("/api/v1/projects/titanic/training-jobs", ana).body()).path("jobs").size())
                .isEqualTo(jobsBefore);
    }

    @Test
    void stoppingTheServerCancelsItsJobsAndTheirSearchRunsEndKilled(@TempDir Path otherHome) throws Exception {
        TestPlatform first = TestPlatform.start(otherHome);
        String token;
        String parent;
        try {
            token = first.userWithRole("cy", "data-scientist");
            String trainRef = titanic(first, token).path("train").path("ref").asText();
            TestPlatform.Reply reply = first.post("/api/v1/projects/titanic/training-jobs", token,
                    JSON.writeValueAsString(Map.of("spec", longSpec(), "data", trainRef)));
            assertThat(reply.status()).as(reply.body()).isEqualTo(202);
            JsonNode running = until(first, token, Json.field(reply.body(), "job_id"),
                    v -> ended(v) || !v.path("parent_run_id").isNull());
            assertThat(running.path("status").asText()).isEqualTo("running");
            parent = running.path("parent_run_id").asText();
        } finally {
            first.close();
        }
        TestPlatform second = TestPlatform.start(otherHome);
        try {
            JsonNode run = Json.parse(second.get("/api/2.0/mlflow/runs/get?run_id=" + parent, token).body()).path("run");
            assertThat(run.path("info").path("status").asText()).isEqualTo("KILLED");
            // job records live in the server's memory; the runs are what stays
            assertThat(Json.parse(second.get("/api/v1/projects/titanic/training-jobs", token).body()).path("jobs").size())
                    .isZero();
        } finally {
            second.close();
        }
    }
}
