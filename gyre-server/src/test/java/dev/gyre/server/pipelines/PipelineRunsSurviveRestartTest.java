package dev.gyre.server.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gyre.pipelines.LocalExecutor;
import dev.gyre.pipelines.PipelineRun;
import dev.gyre.pipelines.PipelineRunner;
import dev.gyre.pipelines.PipelineSpec;
import dev.gyre.pipelines.PipelineSpecParser;
import dev.gyre.pipelines.RunStatus;
import dev.gyre.pipelines.StepHandler;
import dev.gyre.pipelines.StepKind;
import dev.gyre.pipelines.StepResult;
import dev.gyre.pipelines.StepRun;
import dev.gyre.store.db.Database;
import dev.gyre.store.db.DatabaseSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pipeline runs in the metadata store: a run whose step fails is resumed after the database was closed and opened
 * again (a platform restart), reusing the steps that had succeeded; a second run of the same spec reuses them all.
 */
class PipelineRunsSurviveRestartTest {
    @TempDir
    Path tmp;

    static final String SPEC = """
            pipeline: titanic
            max_iterations: 3
            steps:
              - {id: ingest, kind: ingest, params: {source: titanic.csv}}
              - id: train
                kind: train
                params: {max_trials: 6}
                checkpoint:
                  when: "metrics.roc_auc >= 0.85"
                  on_fail: {goto: train, set: {max_trials: 24}}
              - {id: register, kind: register, params: {model: titanic}}
            """;

    @Test
    void aFailedRunIsResumedAfterARestartAndAnUnchangedRunIsAllCached() {
        Path db = tmp.resolve("db");
        PipelineSpec spec = new PipelineSpecParser().parse(SPEC);
        AtomicInteger ingests = new AtomicInteger();
        AtomicInteger trainings = new AtomicInteger();
        boolean[] registryDown = {true};
        StepHandler ingest = step -> {
            ingests.incrementAndGet();
            return StepResult.succeeded(Map.of("data", "passengers@1"), Map.of("rows", 891), List.of("891 rows"));
        };
        StepHandler train = step -> {
            trainings.incrementAndGet();
            int trials = ((Number) step.params().get("max_trials")).intValue();
            return StepResult.succeeded(Map.of("model", "run-" + trials),
                    Map.of("metrics", Map.of("roc_auc", 1 - 0.6 / Math.sqrt(trials))), List.of());
        };
        StepHandler register = step -> {
            if (registryDown[0]) {
                throw new IllegalStateException("the registry is not reachable");
            }
            return StepResult.succeeded(Map.of("version", "titanic/1"), Map.of(), List.of());
        };
        Map<StepKind, StepHandler> handlers = Map.of(StepKind.INGEST, ingest, StepKind.TRAIN, train,
                StepKind.REGISTER, register);

        String runId;
        try (Database database = new Database(DatabaseSettings.embedded(db));
             LocalExecutor executor = new LocalExecutor(handlers, 1)) {
            database.migrate();
            PipelineRun failed = new PipelineRunner(new JdbcRunStore(database), executor, Clock.systemUTC(), "v1")
                    .start(spec);
            assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
            runId = failed.id();
        }
        assertThat(trainings.get()).isEqualTo(2); // 6 trials fail the gate, 24 pass
        registryDown[0] = false;

        try (Database database = new Database(DatabaseSettings.embedded(db));
             LocalExecutor executor = new LocalExecutor(handlers, 1)) {
            database.migrate();
            JdbcRunStore store = new JdbcRunStore(database);
            PipelineRunner runner = new PipelineRunner(store, executor, Clock.systemUTC(), "v1");
            assertThat(runner.markInterrupted()).isEmpty();
            PipelineRun resumed = runner.resume(runId);
            assertThat(resumed.status()).as(resumed.reason()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(ingests.get()).isEqualTo(1);
            assertThat(trainings.get()).isEqualTo(2);

            PipelineRun again = runner.start(spec);
            assertThat(again.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(store.stepRuns(again.id())).isNotEmpty()
                    .allSatisfy(s -> assertThat(s.status()).isEqualTo(StepRun.Status.CACHED));
            assertThat(ingests.get()).isEqualTo(1);
            assertThat(trainings.get()).isEqualTo(2);
            assertThat(store.events(runId)).isNotEmpty();
            assertThat(store.listRuns()).extracting(PipelineRun::id).contains(runId, again.id());
        }
    }
}
