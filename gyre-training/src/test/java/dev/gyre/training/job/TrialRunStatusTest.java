package dev.gyre.training.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gyre.core.table.NumericColumn;
import dev.gyre.core.table.Table;
import dev.gyre.features.TrainingData;
import dev.gyre.store.artifact.FileArtifactStore;
import dev.gyre.store.db.Database;
import dev.gyre.store.testing.Databases;
import dev.gyre.tracking.Run;
import dev.gyre.tracking.RunStatus;
import dev.gyre.tracking.RunTag;
import dev.gyre.tracking.TrackingService;
import dev.gyre.tracking.audit.AuditSink;
import dev.gyre.training.search.Candidate;
import dev.gyre.training.search.SearchListener;
import dev.gyre.training.search.TrialResult;
import dev.gyre.core.artifact.ArtifactPath;
import dev.gyre.training.ModelReaders;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrialRunStatusTest {

    private static final String SPEC = """
            experiment: noisy
            target: y
            task: binary_classification
            features: {columns: {}}
            validation: {folds: 4}
            search: {sampler: random, max_trials: 10, halving_eta: 2, seed: 3}
            algorithms:
              decision_tree: {max_depth: {choice: [1, 2, 3, 0]}, min_samples_leaf: {int_range: [1, 40]}}
              logistic_regression: {c: {float_range: [0.0001, 10], log: true}}
            """;

    private Database database;
    private TrackingService tracking;
    private TrackingTrialTracker tracker;
    private FileArtifactStore store;

    @BeforeEach
    void open(@TempDir Path dir) throws IOException {
        database = Databases.h2(dir.resolve("db"));
        store = new FileArtifactStore(Files.createDirectories(dir.resolve("artifacts")));
        tracking = new TrackingService(database, store.uri(), Clock.systemUTC(), AuditSink.none());
        tracker = new TrackingTrialTracker(tracking, store, null, null, Map.of(), null);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void prunedTrialsAreKilledChildRunsWithTheirReason() {
        TrainingOutcome outcome = new TrainingJob().run(new TrainingSpecParser().parse(SPEC), TrainingData.train(noisy()),
                tracker, null);
        List<TrialResult> pruned = outcome.search().withStatus(TrialResult.Status.PRUNED);
        assertThat(pruned).isNotEmpty();
        for (TrialResult trial : pruned) {
            Run run = child(outcome.parentRunId(), trial.number());
            assertThat(run.info().status()).isEqualTo(RunStatus.KILLED);
            assertThat(run.data().tags()).contains(new RunTag("gyre.trial.status", "pruned"),
                    new RunTag("gyre.trial.reason", trial.reason()));
            assertThat(run.data().metrics()).extracting(m -> m.key()).doesNotContain("roc_auc")
                    .contains("roc_auc_fold1");
        }
        assertThat(tracking.getRun(outcome.parentRunId()).info().status()).isEqualTo(RunStatus.FINISHED);
    }

    @Test
    void aCancelledSearchEndsAsAKilledParentRunThatStillHasItsBestTrial() {
        TrainingJob job = new TrainingJob();
        AtomicReference<Integer> started = new AtomicReference<>(0);
        SearchListener cancelAfterThree = new SearchListener() {
            @Override
            public void trialStarted(int number, Candidate candidate) {
                if (started.updateAndGet(n -> n + 1) == 3) {
                    job.cancel();
                }
            }
        };
        TrainingOutcome outcome = job.run(new TrainingSpecParser().parse(SPEC), TrainingData.train(noisy()), tracker,
                cancelAfterThree);
        assertThat(outcome.search().cancelled()).isTrue();
        Run parent = tracking.getRun(outcome.parentRunId());
        assertThat(parent.info().status()).isEqualTo(RunStatus.KILLED);
        assertThat(parent.data().tags()).extracting(RunTag::key).contains("gyre.best_trial_run_id");
        Run third = child(outcome.parentRunId(), 2);
        assertThat(third.info().status()).isEqualTo(RunStatus.KILLED);
        assertThat(third.data().tags()).contains(new RunTag("gyre.trial.status", "cancelled"));
    }

    @Test
    void aSearchCancelledBeforeAnyTrialCompletedIsKilledNotFailed() {
        TrainingJob job = new TrainingJob();
        SearchListener cancelAtOnce = new SearchListener() {
            @Override
            public void trialStarted(int number, Candidate candidate) {
                job.cancel();
            }
        };
        TrainingOutcome outcome = job.run(new TrainingSpecParser().parse(SPEC), TrainingData.train(noisy()), tracker,
                cancelAtOnce);
        assertThat(outcome.search().cancelled()).isTrue();
        assertThat(outcome.bestTrial()).isEmpty();
        Run parent = tracking.getRun(outcome.parentRunId());
        assertThat(parent.info().status()).isEqualTo(RunStatus.KILLED);
        assertThat(parent.data().tags()).extracting(RunTag::key).contains("gyre.cancelled").doesNotContain("gyre.failure");
    }

    @Test
    void aTrialThatThrowsIsAFailedChildRunWithItsReasonAndTheSearchFinishesWithTheOthers() throws IOException {
        // k-NN refuses at fit time a k larger than the training rows: 1000 > the 300 rows of each fold.
        String spec = """
                experiment: failing
                target: y
                task: binary_classification
                features: {columns: {}}
                validation: {folds: 4}
                search: {sampler: grid, max_trials: 10, parallelism: 2, seed: 3}
                algorithms:
                  knn: {k: {choice: [1000, 15, 25]}}
                """;
        TrainingOutcome outcome = new TrainingJob().run(new TrainingSpecParser().parse(spec), TrainingData.train(noisy()),
                tracker, null);

        List<TrialResult> failed = outcome.search().withStatus(TrialResult.Status.FAILED);
        assertThat(failed).hasSize(1);
        TrialResult trial = failed.get(0);
        assertThat(trial.reason()).isEqualTo("knn with k = 1000 needs at least 1000 training rows, but there are 300; "
                + "lower k");
        Run run = child(outcome.parentRunId(), trial.number());
        assertThat(run.info().status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.data().tags()).contains(new RunTag("gyre.trial.status", "failed"),
                new RunTag("gyre.trial.reason", trial.reason()));
        assertThat(run.data().metrics()).extracting(m -> m.key()).doesNotContain("roc_auc", "roc_auc_fold1");

        assertThat(outcome.search().withStatus(TrialResult.Status.COMPLETED)).hasSize(2).allSatisfy(t -> {
            Run completed = child(outcome.parentRunId(), t.number());
            assertThat(completed.info().status()).isEqualTo(RunStatus.FINISHED);
            assertThat(completed.data().tags()).contains(new RunTag("gyre.trial.status", "completed"));
        });
        TrialResult best = outcome.bestTrial().orElseThrow();
        assertThat(best.status()).isEqualTo(TrialResult.Status.COMPLETED);
        Run parent = tracking.getRun(outcome.parentRunId());
        assertThat(parent.info().status()).isEqualTo(RunStatus.FINISHED);
        String bestRun = child(outcome.parentRunId(), best.number()).info().runId();
        assertThat(parent.data().tags()).contains(new RunTag("gyre.best_trial_run_id", bestRun));

        // The best model is Tribuo's k-NN, so its provenance is written next to it, under both runs.
        String provenance = outcome.bestModel().orElseThrow().provenance().orElseThrow();
        assertThat(provenance).contains("org.tribuo.common.nearest.KNNTrainer");
        assertThat(artifact(bestRun, "model/provenance.json")).isEqualTo(provenance);
        assertThat(artifact(outcome.parentRunId(), "model/provenance.json")).isEqualTo(provenance);
        try (InputStream in = store.get(ArtifactPath.of(root(bestRun) + "/model/model.gyrm"), true)) {
            assertThat(ModelReaders.read(in.readAllBytes()).provenance()).contains(provenance);
        }
    }

    @Test
    void noProvenanceArtifactForAModelWhoseLibraryRecordsNone() {
        TrainingOutcome outcome = new TrainingJob().run(new TrainingSpecParser().parse(SPEC), TrainingData.train(noisy()),
                tracker, null);
        assertThat(outcome.bestModel().orElseThrow().provenance()).isEmpty();
        String root = root(tracker.bestTrialRunId());
        assertThat(store.head(ArtifactPath.of(root + "/model/model.gyrm"))).isPresent();
        assertThat(store.head(ArtifactPath.of(root + "/model/provenance.json"))).isEmpty();
    }

    private String artifact(String runId, String path) throws IOException {
        try (InputStream in = store.get(ArtifactPath.of(root(runId) + "/" + path), true)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String root(String runId) {
        String uri = tracking.getRun(runId).info().artifactUri();
        return uri.substring(store.uri().replaceAll("/+$", "").length() + 1);
    }

    private Run child(String parent, int number) {
        return tracking.searchRuns(List.of(tracker.experimentId()), "tags.mlflow.parentRunId = '" + parent
                + "' and tags.gyre.trial = '" + number + "'", null, 10, null, null).runs().get(0);
    }

    /** Two informative features and three of noise; 400 rows. */
    private static Table noisy() {
        Random random = new Random(11);
        int n = 400;
        double[][] cols = new double[5][n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 5; j++) {
                cols[j][i] = random.nextGaussian();
            }
            y[i] = cols[0][i] + 0.5 * cols[1][i] + random.nextGaussian() > 0 ? 1 : 0;
        }
        return Table.of(NumericColumn.of("a", cols[0]), NumericColumn.of("b", cols[1]), NumericColumn.of("c", cols[2]),
                NumericColumn.of("d", cols[3]), NumericColumn.of("e", cols[4]), NumericColumn.of("y", y));
    }
}
