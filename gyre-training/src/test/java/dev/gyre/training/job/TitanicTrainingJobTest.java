package dev.gyre.training.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import dev.gyre.core.artifact.ArtifactPath;
import dev.gyre.core.table.Table;
import dev.gyre.features.FittedFeatures;
import dev.gyre.features.TrainingData;
import dev.gyre.store.artifact.FileArtifactStore;
import dev.gyre.store.db.Database;
import dev.gyre.store.testing.Databases;
import dev.gyre.tracking.Dataset;
import dev.gyre.tracking.DatasetInput;
import dev.gyre.tracking.InputTag;
import dev.gyre.tracking.Run;
import dev.gyre.tracking.RunStatus;
import dev.gyre.tracking.RunTag;
import dev.gyre.tracking.TrackingService;
import dev.gyre.tracking.audit.AuditSink;
import dev.gyre.training.Metrics;
import dev.gyre.training.ModelReaders;
import dev.gyre.training.TrainedModel;
import dev.gyre.training.search.TrialResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TitanicTrainingJobTest {

    static final DatasetInput TRAIN_INPUT = new DatasetInput(List.of(new InputTag("mlflow.data.context", "training")),
            new Dataset("passengers-train", "5d1e4a0c", "gyre", "gyre:titanic/passengers-train@1", null, null));

    private Database database;
    private FileArtifactStore store;
    private TrackingService tracking;
    private TrackingTrialTracker tracker;
    private TrainingSpec spec;
    private Table passengers;
    private TrainingOutcome outcome;
    private long elapsedMillis;

    @BeforeAll
    void trainOnce(@TempDir Path tempDir) throws IOException {
        database = Databases.h2(tempDir.resolve("db"));
        store = new FileArtifactStore(Files.createDirectories(tempDir.resolve("artifacts")));
        tracking = new TrackingService(database, store.uri(), Clock.systemUTC(), AuditSink.none());
        tracker = new TrackingTrialTracker(tracking, store, null, "tester",
                Map.of("gyre.data.train", "passengers-train@1"), "0123456789abcdef0123456789abcdef01234567")
                .withInputs(List.of(TRAIN_INPUT));
        spec = new TrainingSpecParser().parse(resource("titanic-training.yaml"));
        passengers = TitanicCsv.passengers();
        long start = System.nanoTime();
        outcome = new TrainingJob().run(spec, TrainingData.train(TitanicCsv.train(passengers)), tracker, null);
        elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        TrialResult best = outcome.bestTrial().orElseThrow();
        System.out.printf("Titanic training job: %d trials in %.1f s; best %s mean ROC AUC %.4f %s%n",
                outcome.leaderboard().size(), elapsedMillis / 1000.0, best.candidate().algorithm(), best.mean(),
                best.candidate().params());
    }

    @AfterAll
    void close() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void searchCompletesWithABestMeanRocAucOfAtLeast085() {
        assertThat(outcome.leaderboard()).hasSizeGreaterThanOrEqualTo(12);
        assertThat(outcome.leaderboard().stream().map(t -> t.candidate().algorithm()).distinct())
                .containsAnyOf("logistic_regression", "random_forest", "gradient_boosting");
        TrialResult best = outcome.bestTrial().orElseThrow();
        assertThat(best.foldMetrics()).hasSize(5);
        assertThat(best.mean()).isGreaterThanOrEqualTo(0.85);
    }

    @Test
    void bestModelScoresTheHeldOutPassengersThroughTheFittedFeatures() {
        Table test = TitanicCsv.test(passengers);
        TrainedModel model = outcome.bestModel().orElseThrow();
        double[][] x = outcome.features().toMatrix(test);
        String[] actual = new String[test.rowCount()];
        for (int i = 0; i < actual.length; i++) {
            actual[i] = TrainingJob.label(test.column("Survived"), i);
        }
        double auc = Metrics.rocAuc(actual, model.predictBatch(x), model.classes());
        System.out.printf("Titanic held-out ROC AUC of the best model: %.4f%n", auc);
        assertThat(auc).isGreaterThan(0.8);
    }

    @Test
    void everyTrialIsAChildRunOfTheSearchRun() {
        String parent = outcome.parentRunId();
        List<Run> children = tracking.searchRuns(List.of(tracker.experimentId()),
                "tags.mlflow.parentRunId = '" + parent + "'", null, 1000, null, null).runs();
        assertThat(children).hasSize(outcome.leaderboard().size());
        TrialResult best = outcome.bestTrial().orElseThrow();
        Run bestRun = children.stream().filter(r -> tag(r, "gyre.trial").equals(Integer.toString(best.number())))
                .findFirst().orElseThrow();
        assertThat(bestRun.info().status()).isEqualTo(RunStatus.FINISHED);
        assertThat(metrics(bestRun)).containsEntry("roc_auc", best.mean())
                .containsEntry("roc_auc_fold1", best.foldMetrics().get(0))
                .containsEntry("roc_auc_fold5", best.foldMetrics().get(4));
        assertThat(bestRun.data().params().stream().filter(p -> p.key().equals("algorithm")).findFirst().orElseThrow()
                .value()).isEqualTo(best.candidate().algorithm());
        assertThat(tracking.getMetricHistory(bestRun.info().runId(), "roc_auc_fold3", null, null).metrics())
                .singleElement().satisfies(m -> assertThat(m.step()).isEqualTo(3));
        assertThat(tags(bestRun)).containsEntry("gyre.features.sha256", outcome.features().specHash())
                .containsEntry("gyre.seed", "42")
                .containsEntry("mlflow.source.git.commit", "0123456789abcdef0123456789abcdef01234567");
        for (Run child : children) {
            assertThat(child.inputs().datasetInputs()).as("dataset inputs of trial " + tag(child, "gyre.trial"))
                    .containsExactly(TRAIN_INPUT);
        }
    }

    @Test
    void searchRunCarriesSettingsLineageAndTheBestTrial() {
        Run parent = tracking.getRun(outcome.parentRunId());
        assertThat(parent.info().status()).isEqualTo(RunStatus.FINISHED);
        Map<String, String> tags = parent.data().tags().stream().collect(Collectors.toMap(RunTag::key, RunTag::value));
        assertThat(tags).containsEntry("gyre.spec.sha256", spec.sha256())
                .containsEntry("gyre.features.sha256", outcome.features().specHash())
                .containsEntry("gyre.data.train", "passengers-train@1")
                .containsEntry("gyre.seed", "42")
                .containsEntry("mlflow.source.git.commit", "0123456789abcdef0123456789abcdef01234567")
                .containsKeys("gyre.java.version", "gyre.os", "gyre.best_trial_run_id");
        assertThat(tracking.getRun(tags.get("gyre.best_trial_run_id")).data().tags())
                .contains(new RunTag("mlflow.parentRunId", outcome.parentRunId()));
        assertThat(parent.data().params().stream().collect(Collectors.toMap(p -> p.key(), p -> p.value())))
                .containsEntry("sampler", "tpe").containsEntry("max_trials", "12").containsEntry("parallelism", "2")
                .containsEntry("seed", "42").containsEntry("metric", "roc_auc");
        assertThat(metrics(parent)).containsEntry("roc_auc", outcome.bestTrial().orElseThrow().mean());
        assertThat(parent.inputs().datasetInputs()).containsExactly(TRAIN_INPUT);
        assertThat(tracker.bestTrialRunId()).isEqualTo(tags.get("gyre.best_trial_run_id"));
    }

    @Test
    void bestModelAndFittedFeaturesAreArtifactsOfTheSearchRun() throws IOException {
        assertModelArtifacts(outcome.parentRunId());
    }

    @Test
    void bestTrialRunHoldsTheSameModelArtifactsForRegistration() throws IOException {
        assertModelArtifacts(tracker.bestTrialRunId());
    }

    private void assertModelArtifacts(String runId) throws IOException {
        String uri = tracking.getRun(runId).info().artifactUri();
        String root = uri.substring(store.uri().replaceAll("/+$", "").length() + 1);
        byte[] model;
        try (InputStream in = store.get(ArtifactPath.of(root + "/model/model.gyrm"), true)) {
            model = in.readAllBytes();
        }
        String features;
        try (InputStream in = store.get(ArtifactPath.of(root + "/model/features.json"), true)) {
            features = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        TrainedModel read = ModelReaders.read(model);
        double[][] x = FittedFeatures.fromJson(features).toMatrix(TitanicCsv.test(passengers));
        assertThat(read.predictBatch(x)).isDeepEqualTo(outcome.bestModel().orElseThrow().predictBatch(x));
    }

    @Test
    void rerunningTheSeededSpecReproducesTheBestTrialExactly() {
        TrainingOutcome again = new TrainingJob().run(spec, TrainingData.train(TitanicCsv.train(passengers)),
                TrialTracker.none(), null);
        TrialResult first = outcome.bestTrial().orElseThrow();
        TrialResult second = again.bestTrial().orElseThrow();
        assertThat(second.number()).isEqualTo(first.number());
        assertThat(second.candidate()).isEqualTo(first.candidate());
        assertThat(second.foldMetrics()).isEqualTo(first.foldMetrics());
        assertThat(second.mean()).isEqualTo(first.mean());
    }

    @Test
    void theSealedTestSplitIsRefusedBeforeAnythingIsTracked() {
        List<String> heard = new java.util.ArrayList<>();
        TrialTracker recording = new RecordingTracker(heard);
        assertThatThrownBy(() -> new TrainingJob().run(spec,
                new TrainingData(TitanicCsv.test(passengers), TrainingData.SplitRole.TEST), recording, null))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("the test split is sealed");
        assertThat(heard).isEmpty();
    }

    private static Map<String, Double> metrics(Run run) {
        return run.data().metrics().stream().collect(Collectors.toMap(m -> m.key(), m -> m.value()));
    }

    private static Map<String, String> tags(Run run) {
        return run.data().tags().stream().collect(Collectors.toMap(RunTag::key, RunTag::value));
    }

    private static String tag(Run run, String key) {
        return run.data().tags().stream().filter(t -> t.key().equals(key)).map(RunTag::value).findFirst().orElse("");
    }

    static String resource(String name) throws IOException {
        try (InputStream in = TitanicTrainingJobTest.class.getResourceAsStream("/job/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
