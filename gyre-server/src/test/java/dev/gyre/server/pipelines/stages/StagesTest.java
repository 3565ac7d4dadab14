package dev.gyre.server.pipelines.stages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gyre.core.auth.Role;
import dev.gyre.core.auth.User;
import dev.gyre.pipelines.InMemoryRunStore;
import dev.gyre.pipelines.LocalExecutor;
import dev.gyre.pipelines.PipelineRun;
import dev.gyre.pipelines.PipelineRunner;
import dev.gyre.pipelines.PipelineSpec;
import dev.gyre.pipelines.PipelineSpecParser;
import dev.gyre.pipelines.RunEvent;
import dev.gyre.pipelines.RunStatus;
import dev.gyre.pipelines.RunStore;
import dev.gyre.pipelines.StepRun;
import dev.gyre.server.GyreServer;
import dev.gyre.server.config.ConfigLoader;
import dev.gyre.server.monitoring.FeedbackItem;
import dev.gyre.serving.protocol.InferenceRequest;
import dev.gyre.tracking.project.CharterFormat;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stage handlers on a real platform (H2, files), driven by the pipeline runner through the example pipelines:
 * the Titanic lifecycle (with a search widened by its checkpoint and a four-eyes promotion) and the bike-sharing
 * regression, end to end; an unchanged run reused from the cache; a bad param as a failed step that says the fix.
 */
class StagesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path EXAMPLES = Path.of("..", "examples");

    @TempDir
    static Path home;
    static GyreServer server;
    static StageServices services;
    static User mia;
    /** A second ml-engineer, who approves promotions. */
    static User olga;

    @BeforeAll
    static void start() throws Exception {
        server = GyreServer.start(ConfigLoader.load(Map.of("home", home.toString(), "port", "0"), Map.of()));
        services = server.stageServices();
        String admin = Files.readString(server.adminTokenFile()).trim();
        mia = user(admin, "mia");
        olga = user(admin, "olga");
        project("titanic", EXAMPLES.resolve("titanic/charter.yaml"));
        project("bikes", EXAMPLES.resolve("bike-sharing/charter.yaml"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A platform user with the role ml-engineer, created over HTTP as an admin would. */
    static User user(String adminToken, String name) throws Exception {
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + "/api/v1/users"))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + name + "\",\"role\":\"ml-engineer\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode user = JSON.readTree(created.body());
        return new User(user.path("id").asLong(), name, Role.ML_ENGINEER, Instant.parse(user.path("created_at").asText()),
                false);
    }

    static void project(String name, Path charter) throws Exception {
        services.projects().create(name, null, mia);
        services.projects().putCharter(name, Files.readString(charter), CharterFormat.YAML, mia);
    }

    /**
     * What `gyre pipeline run` does to a spec before starting it: a {@code source:} naming a local data file is
     * uploaded as a blob and becomes {@code blob:<sha256>}; a {@code spec:} naming a .yaml file is inlined.
     */
    static PipelineSpec resolve(Path specFile, String project, Map<String, String> replacements) throws Exception {
        String text = Files.readString(specFile);
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            assertThat(text).contains(r.getKey());
            text = text.replace(r.getKey(), r.getValue());
        }
        Matcher source = Pattern.compile("source: ([\\w.-]+\\.csv)").matcher(text);
        StringBuilder out = new StringBuilder();
        while (source.find()) {
            byte[] bytes = Files.readAllBytes(specFile.resolveSibling(source.group(1)));
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            services.data().putBlob(project, sha, new ByteArrayInputStream(bytes), bytes.length, mia);
            source.appendReplacement(out, "source: \"blob:" + sha + "\"");
        }
        source.appendTail(out);
        Matcher spec = Pattern.compile("spec: ([\\w.-]+\\.ya?ml)").matcher(out.toString());
        StringBuilder inlined = new StringBuilder();
        while (spec.find()) {
            String yaml = Files.readString(specFile.resolveSibling(spec.group(1)));
            spec.appendReplacement(inlined, Matcher.quoteReplacement("spec: " + JSON.writeValueAsString(yaml)));
        }
        spec.appendTail(inlined);
        return new PipelineSpecParser().parse(inlined.toString());
    }

    static PipelineRunner runner(RunStore store, String project, LocalExecutor executor) {
        return new PipelineRunner(store, executor, Clock.systemUTC(), "test");
    }

    static LocalExecutor executor(String project) {
        StageRunContext ctx = new StageRunContext(project, mia);
        return new LocalExecutor(Stages.handlers(services, runId -> ctx), 2);
    }

    static StepRun last(RunStore store, String runId, String stepId) {
        List<StepRun> runs = store.stepRuns(runId).stream().filter(s -> s.stepId().equals(stepId)).toList();
        assertThat(runs).as("step runs of " + stepId).isNotEmpty();
        return runs.get(runs.size() - 1);
    }

    static String describe(RunStore store, String runId) {
        StringBuilder b = new StringBuilder();
        store.events(runId).forEach(e -> b.append(e.type()).append(' ').append(e.stepId()).append(": ")
                .append(e.message()).append('\n'));
        store.stepRuns(runId).forEach(s -> b.append(s.stepId()).append(' ').append(s.status()).append(' ')
                .append(s.outputs()).append(' ').append(s.results()).append(' ').append(s.error()).append('\n'));
        return b.toString();
    }

    @Test
    void theTitanicLifecycleRunsEndToEndWideningItsSearchAndWaitingForTheApprover() throws Exception {
        // the model of one trial fails the gates on the sealed test split; the validation checkpoint's goto sends the
        // run back to training with six trials, whose model passes them
        PipelineSpec spec = resolve(EXAMPLES.resolve("titanic/pipeline.yaml"), "titanic", Map.of(
                "max_trials: 6\n", "max_trials: 1\n",
                "beats_champion == true\", on_fail: stop}",
                "beats_champion == true\", on_fail: {goto: train, set: {max_trials: 6}}}"));
        RunStore store = new InMemoryRunStore();
        try (LocalExecutor executor = executor("titanic")) {
            PipelineRunner runner = runner(store, "titanic", executor);
            PipelineRun run = runner.start(spec);
            String story = describe(store, run.id());
            assertThat(run.status()).as(story).isEqualTo(RunStatus.WAITING);
            assertThat(run.awaiting().stepId()).isEqualTo("promote");

            List<StepRun> trains = store.stepRuns(run.id()).stream().filter(s -> s.stepId().equals("train")).toList();
            assertThat(trains).as(story).hasSize(2);
            assertThat(trains.get(0).params().get("max_trials")).isEqualTo(1L);
            assertThat(trains.get(1).params().get("max_trials")).isEqualTo(6L);
            List<StepRun> validations = store.stepRuns(run.id()).stream()
                    .filter(s -> s.stepId().equals("validate-model")).toList();
            assertThat(validations).hasSize(2);
            assertThat(((Map<?, ?>) validations.get(0).results().get("gates")).get("passed")).isEqualTo(false);
            assertThat(store.events(run.id())).filteredOn(e -> e.type() == RunEvent.Type.GOTO).singleElement()
                    .satisfies(e -> assertThat(e.message()).contains("going back to 'train' for pass 2")
                            .contains("max_trials: 1 -> 6").contains("gates.passed = false"));
            assertThat(trains.get(1).results().get("trials")).isEqualTo(6L);
            assertThat(trains.get(1).outputs().get("model_version")).isEqualTo("titanic/2");

            StepRun features = last(store, run.id(), "features");
            assertThat(features.outputs().get("features")).matches("features-[0-9a-f]{16}");
            assertThat(features.results().get("derived")).isEqualTo(List.of("title", "deck", "ticket_prefix", "family_size"));
            assertThat(last(store, run.id(), "split").outputs()).containsKeys("train", "test");
            assertThat(last(store, run.id(), "validate-data").results()).isEqualTo(Map.of("report",
                    Map.of("success", true, "failed", 0L, "successful", 6L, "rows", 891L)));

            StepRun validated = last(store, run.id(), "validate-model");
            @SuppressWarnings("unchecked")
            Map<String, Object> gates = (Map<String, Object>) validated.results().get("gates");
            assertThat(gates.get("passed")).as(story).isEqualTo(true);
            assertThat(validated.results().get("beats_champion")).isEqualTo(true);
            assertThat(validated.outputs().get("model_card")).isEqualTo("/api/v1/models/titanic/versions/2/card");
            assertThat(services.registry().getModelVersionByAlias("titanic", "candidate").version()).isEqualTo(2);
            @SuppressWarnings("unchecked")
            Map<String, Object> promotion = (Map<String, Object>) last(store, run.id(), "promote").results().get("promotion");
            assertThat(promotion.get("status")).isEqualTo("pending");

            PipelineRun approved = runner.approve(run.id(), "olga", Role.ML_ENGINEER);
            assertThat(approved.status()).as(describe(store, run.id())).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(approved.outputs().get("deploy")).containsEntry("deployment", "titanic");
            Map<String, Object> record = new HashMap<>(Map.of("PassengerId", 1L, "Pclass", 1L, "Name",
                    "Allen, Miss. Elisabeth Walton", "Sex", "female", "Age", 29L, "SibSp", 0L, "Parch", 0L));
            record.putAll(Map.of("Ticket", "24160", "Fare", 211.3375, "Cabin", "B5", "Embarked", "S"));
            InferenceRequest passenger = new InferenceRequest(List.of(record), Optional.of("req-1"), Map.of());
            assertThat(server.servingEngine().predict("titanic", passenger, null).version()).isEqualTo(2);

            // the second person approves the promotion: version 2 is the champion the next validation compares with
            services.projects().addMember("titanic", "olga", Role.ML_ENGINEER, mia);
            services.registry().approvePromotion(((Number) promotion.get("id")).longValue(), olga, "reviewed the card");
            PipelineRun challenger = runner.start(new PipelineSpecParser().parse("""
                    pipeline: challenge
                    steps:
                      - id: validate
                        kind: validate-model
                        params: {model_version: titanic/1, test: %s, bootstrap_resamples: 100, seed: 7}
                    """.formatted(last(store, run.id(), "split").outputs().get("test"))));
            StepRun challenge = last(store, challenger.id(), "validate");
            assertThat(challenger.status()).as(describe(store, challenger.id())).isEqualTo(RunStatus.SUCCEEDED);
            @SuppressWarnings("unchecked")
            Map<String, Object> champion = (Map<String, Object>) challenge.results().get("champion");
            assertThat(champion).as(challenge.results().toString()).containsEntry("version", 2L);
            assertThat(champion.get("metrics")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsKey("roc_auc");
            assertThat(challenge.results()).containsKey("beats_champion");

            // retraining data: the deployment's predictions that got a true label, appended to the passengers
            InferenceRequest three = new InferenceRequest(List.of(record, record, record), Optional.of("fb"), Map.of());
            server.servingEngine().predict("titanic", three, null);
            assertThat(server.servingEngine().log().flush(java.time.Duration.ofSeconds(10))).isTrue();
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
            while (server.feedbackStore().joined("titanic", null, Instant.EPOCH, Instant.now().plusSeconds(60)).logged() < 4
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            server.feedbackStore().submit("titanic", List.of(new FeedbackItem("fb#0", "1"), new FeedbackItem("fb#1", "0"),
                    new FeedbackItem("fb#2", "1")), "mia");
            PipelineRun retrain = runner.start(new PipelineSpecParser().parse("""
                    pipeline: retrain
                    steps:
                      - id: ingest
                        kind: ingest
                        params: {source: "data:passengers@1", feedback_from: titanic}
                      - id: monitor
                        kind: monitor
                        params: {deployment: titanic, window: 1h}
                    """));
            StepRun ingest = last(store, retrain.id(), "ingest");
            assertThat(retrain.status()).as(describe(store, retrain.id())).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(ingest.results()).isEqualTo(Map.of("rows", 894L, "feedback_rows", 3L, "feedback_duplicates", 0L));
            assertThat(ingest.outputs()).isEqualTo(Map.of("dataset", "passengers@2"));
            StepRun monitor = last(store, retrain.id(), "monitor");
            assertThat(monitor.results()).containsKeys("drift", "rows").containsEntry("alerts", Map.of("firing", 0L));
            assertThat(monitor.outputs()).isEqualTo(Map.of("deployment", "titanic"));
            dev.gyre.core.table.Table table = services.data().readTable("titanic", "passengers@2",
                    dev.gyre.data.version.ReadPurpose.EXPLORATION, mia);
            assertThat(table.row(893)).containsEntry("Survived", 1.0).containsEntry("Name", "Allen, Miss. Elisabeth Walton")
                    .containsEntry("Cabin", "B5");
        }
    }

    static Object metric(StepRun train, String name) {
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics = (Map<String, Object>) train.results().get("metrics");
        assertThat(metrics).as(train.results().toString()).containsKey(name);
        return metrics.get(name);
    }


    @Test
    void theBikeSharingExampleRunsEndToEndAndAnUnchangedRunIsReused() throws Exception {
        PipelineSpec spec = resolve(EXAMPLES.resolve("bike-sharing/pipeline.yaml"), "bikes", Map.of());
        RunStore store = new InMemoryRunStore();
        try (LocalExecutor executor = executor("bikes")) {
            PipelineRunner runner = runner(store, "bikes", executor);
            PipelineRun run = runner.start(spec);
            String story = describe(store, run.id());
            assertThat(run.status()).as(story).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(((Number) last(store, run.id(), "ingest").results().get("rows")).longValue()).isEqualTo(17379);
            assertThat(((Number) metric(last(store, run.id(), "train"), "r2")).doubleValue()).as(story)
                    .isGreaterThanOrEqualTo(0.8);
            assertThat(run.outputs().get("register")).containsEntry("model_version", "bike-rentals/1");
            assertThat(services.registry().getModelVersionByAlias("bike-rentals", "staging").version()).isEqualTo(1);

            PipelineRun again = runner.start(spec);
            assertThat(again.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(store.stepRuns(again.id())).allSatisfy(s -> {
                assertThat(s.status()).isEqualTo(StepRun.Status.CACHED);
                assertThat(s.reusedFrom()).startsWith(run.id() + "#");
            });
            assertThat(again.outputs()).isEqualTo(run.outputs());
        }
    }

    @Test
    void aBadParamFailsItsStepWithTheFix() throws Exception {
        PipelineSpec spec = new PipelineSpecParser().parse("""
                pipeline: bad
                steps:
                  - id: split
                    kind: split
                    params: {dataset: "passengers@1", method: stratified, column: Survived, train: 0.8}
                """);
        RunStore store = new InMemoryRunStore();
        try (LocalExecutor executor = executor("titanic")) {
            PipelineRun run = runner(store, "titanic", executor).start(spec);
            assertThat(run.status()).isEqualTo(RunStatus.FAILED);
            StepRun split = last(store, run.id(), "split");
            assertThat(split.status()).isEqualTo(StepRun.Status.FAILED);
            assertThat(split.error()).contains("Step 'split' (split), param 'test' is missing")
                    .contains("train: 0.8, test: 0.2");
        }
    }
}
